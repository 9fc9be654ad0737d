"""Data retention: personal data of old nominations is removed, statistics and published
winners' public records stay."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from cms.cache import bump_generation
from portal.models import audit

from ..models import Cycle, LetterRequest, Nomination, NominationFile, NominationRevision, StaffNote
from .uploads import delete_stored


@dataclass
class PurgeReport:
    nominations: int = 0
    files: int = 0
    letters: int = 0
    revisions: int = 0
    names_kept_for_published_results: int = 0
    cycles: list[str] = field(default_factory=list)

    def __str__(self):
        return (
            f"Purged {self.nominations} nominations in {len(self.cycles)} cycle(s): "
            f"{self.files} files, {self.letters} letters, {self.revisions} revisions removed; "
            f"{self.names_kept_for_published_results} names kept on published results."
        )


def purge_expired(years: int, keep_names_for: set[int], now=None) -> PurgeReport:
    """Remove personal data of nominations whose cycle closed more than `years` ago.

    Removed: uploaded files (storage objects, originals included, and rows), letters (text,
    files and their originals, writers' names and addresses), revisions, staff notes, essays and
    statements (with the languages answers were written in), nominee and guardian contact
    details, the nominator's relationship, and the nominee's name unless their dossier is in
    `keep_names_for` (published winners, finalists and mentions).
    Kept: the row itself (status, school, category, dates) for anonymous statistics. Safe to
    re-run: purged nominations are skipped. Side effects: as above, one transaction per
    nomination; storage objects deleted after the commit; one audit event per run.
    """
    cutoff = (now or timezone.now()) - timedelta(days=365 * years)
    report = PurgeReport()
    expired = (
        Nomination.objects.filter(cycle__closes_at__lt=cutoff, purged_at__isnull=True)
        .select_related("cycle")
        .order_by("pk")
    )
    purged_in: Counter[Cycle] = Counter()
    for nomination in expired.iterator():
        with transaction.atomic():
            keys = [
                key
                for pair in NominationFile.objects.filter(nomination=nomination).values_list(
                    "storage_key", "original_storage_key"
                )
                for key in pair
            ]
            letters = LetterRequest.objects.filter(nomination=nomination)
            keys += [
                key
                for pair in letters.values_list("letter_file_key", "letter_file_original_key")
                for key in pair
            ]
            report.files += NominationFile.objects.filter(nomination=nomination).delete()[0]
            report.letters += letters.update(
                letter_text="",
                letter_file_key="",
                letter_file_original_key="",
                letter_file_name="",
                writer_name="(removed)",
                writer_email="removed@invalid",
            )
            report.revisions += NominationRevision.objects.filter(nomination=nomination).delete()[0]
            StaffNote.objects.filter(nomination=nomination).delete()
            keep_name = nomination.dossier_id in keep_names_for
            report.names_kept_for_published_results += keep_name
            Nomination.objects.filter(pk=nomination.pk).update(
                answers={},
                answer_languages={},
                nominee_statement="",
                nominee_email="",
                guardian_name="",
                guardian_email="",
                guardian_consent_signature="",
                nominator_relationship="",
                eligibility_reason="",
                nominee_first_name=nomination.nominee_first_name if keep_name else "(removed)",
                nominee_last_name=nomination.nominee_last_name if keep_name else "",
                purged_at=timezone.now(),
            )
            transaction.on_commit(partial(delete_stored, *keys))
        report.nominations += 1
        purged_in[nomination.cycle] += 1
    report.cycles = sorted(str(cycle) for cycle in purged_in)
    for cycle, count in purged_in.items():
        audit(None, "awards.retention_purge", cycle, nominations=count, years=years)
    bump_generation()  # its bulk updates send no signal; announced names may have gone
    return report
