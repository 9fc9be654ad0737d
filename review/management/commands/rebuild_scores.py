from django.core.management.base import BaseCommand

from awards.models import Cycle
from review.domain.aggregates import rebuild_scores


class Command(BaseCommand):
    help = (
        "Recompute the running score aggregates that rankings read, from the reviews themselves "
        "(all cycles, or the ones named by id). Safe at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle_ids", nargs="*", type=int)

    def handle(self, *args, cycle_ids, **options):
        cycles = Cycle.objects.filter(pk__in=cycle_ids) if cycle_ids else Cycle.objects.all()
        for cycle in cycles:
            rebuild_scores(cycle)
            self.stdout.write(f"Rebuilt the scores of {cycle}.")
