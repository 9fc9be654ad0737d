from django.core.management.base import BaseCommand, CommandError

from awards.models import Cycle
from review.domain.assignment import AssignmentRefused, commit_assignment, plan_assignment


class Command(BaseCommand):
    help = "Assign reviewers to every candidate of a cycle (keeps existing assignments)."

    def add_arguments(self, parser):
        parser.add_argument("cycle", type=int, help="The cycle's id.")
        parser.add_argument(
            "--reviewers-per-candidate",
            type=int,
            help="Reviewers per candidate (default: the cycle's review settings).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show the plan, write nothing.")
        parser.add_argument(
            "--allow-partial",
            action="store_true",
            help="Write an incomplete plan (candidates left short are reported).",
        )

    def handle(self, *args, cycle, reviewers_per_candidate, dry_run, allow_partial, **options):
        try:
            cycle_obj = Cycle.objects.select_related("award").get(pk=cycle)
        except Cycle.DoesNotExist:
            raise CommandError(f"No cycle with id {cycle}.") from None
        plan = plan_assignment(cycle_obj, reviewers_per_candidate)
        self.stdout.write(plan.summary())
        for message in plan.result.messages:
            self.stdout.write(self.style.WARNING(message))
        if dry_run:
            self.stdout.write("Dry run: nothing written.")
            return
        try:
            written = commit_assignment(plan, None, allow_partial=allow_partial)
        except AssignmentRefused as exc:
            raise CommandError(f"Nothing assigned. {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"{written} assignments written."))
