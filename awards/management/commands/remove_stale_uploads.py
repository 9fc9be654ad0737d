from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Remove direct uploads that reached the private S3 bucket but were never confirmed (or "
        "were refused) more than an hour ago. Does nothing with local storage. Safe to re-run; "
        "run it hourly."
    )

    def handle(self, *args, **options):
        from awards.domain.direct_uploads import direct_uploads_available, remove_stale_uploads
        from awards.domain.uploads import StorageUnavailable

        if not direct_uploads_available():
            self.stdout.write("Private storage is on local disk: there are no direct uploads.")
            return
        try:
            removed = remove_stale_uploads()
        except StorageUnavailable as exc:
            raise CommandError(
                "Private storage could not be reached; run this again later."
            ) from exc
        self.stdout.write(f"Stale direct uploads removed: {removed}.")
