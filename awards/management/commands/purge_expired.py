from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Remove personal data of nominations from cycles that closed more than RETENTION_YEARS "
        "ago, keeping published winners' public records and anonymous statistics. Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", type=int, default=None, help="Override RETENTION_YEARS for this run."
        )

    def handle(self, *args, **options):
        from awards.domain.retention import purge_expired
        from review.models import Review, Score
        from review.results import published_dossier_ids

        years = options["years"] or settings.RETENTION_YEARS
        report = purge_expired(years, keep_names_for=published_dossier_ids())
        # Reviewers' comments can quote the nominee: they go with the rest, scores stay.
        purged = Review.objects.filter(dossier__nominations__purged_at__isnull=False).exclude(
            comment=""
        )
        cleared = purged.update(comment="")
        Score.objects.filter(review__dossier__nominations__purged_at__isnull=False).exclude(
            comment=""
        ).update(comment="")
        self.stdout.write(f"{report} Review comments cleared: {cleared}.")
