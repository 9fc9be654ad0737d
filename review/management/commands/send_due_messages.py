from django.core.management.base import BaseCommand

from review.domain.notifications import send_due_messages


class Command(BaseCommand):
    help = "Send announcement e-mails that are due and still queued (safe to run at any time)."

    def handle(self, *args, **options):
        count = send_due_messages()
        self.stdout.write(f"{count} due message(s) attempted.")
