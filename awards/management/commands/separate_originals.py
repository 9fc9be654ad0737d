from django.core.management.base import BaseCommand

from awards.domain.uploads import separate_originals


class Command(BaseCommand):
    help = (
        "Give every file accepted before clean copies were kept (nomination files and letter "
        "files) its clean copy, keeping the stored file as the original for staff. Run once "
        "after upgrading; safe to re-run and to run while people work."
    )

    def handle(self, *args, **options):
        cleaned, skipped = separate_originals()
        self.stdout.write(f"Files given a clean copy: {cleaned}. Left as they were: {skipped}.")
