from django.core.management.base import BaseCommand

from review.domain.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Queue today's reminders to letter writers, nominators with unsent drafts and reviewers "
        "with reviews to submit (safe to run any number of times a day)."
    )

    def handle(self, *args, **options):
        count = send_due_reminders()
        self.stdout.write(f"{count} reminder(s) queued.")
