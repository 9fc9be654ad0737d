"""Winners' certificates for many candidates at once: one ZIP of PDFs or one PDF of a
certificate per page, built in the background and stored privately, as committee packets are
(see `packets`)."""

import io
import logging
import zipfile
from collections.abc import Callable, Iterable

from django.db import transaction
from django.tasks import task
from django.utils.text import slugify

from awards.models import Dossier
from portal.errors import DomainError
from portal.models import audit
from portal.pdf import write_documents
from portal.permissions import can_see_decisions, require

from ..models import CertificateJob, Decision
from ..pdf import certificate_document, certificate_pdf
from .jobs import run_file_job

logger = logging.getLogger(__name__)


class CertificatesRefused(DomainError):
    """No certificate can be built for the candidates chosen; the message says why, for staff."""


def winners_among(dossiers: Iterable[Dossier]):
    """The winners' decisions of the candidates given, in the order certificates are filed."""
    return (
        Decision.objects.filter(
            dossier__in=[d.pk for d in dossiers], outcome=Decision.Outcome.WINNER
        )
        .select_related("dossier", "cycle__award")
        .order_by("cycle__award__name", "cycle__opens_at", "dossier__code")
    )


def request_certificates(
    dossiers: Iterable[Dossier], user, file_format: str = CertificateJob.Format.ZIP
) -> CertificateJob:
    """Queue the certificates of the winners among the candidates given (the others are left
    out; none at all is refused: CertificatesRefused), in `file_format`: one ZIP of PDFs or one
    PDF.

    Side effects: a CertificateJob naming the winners' decisions; the build task enqueued after
    commit; one `results.certificates_requested` audit event per cycle.
    """
    require(can_see_decisions(user))
    decisions = list(winners_among(dossiers))
    if not decisions:
        raise CertificatesRefused(
            "None of the selected candidates is a winner: mark winners first, then download "
            "their certificates."
        )
    with transaction.atomic():
        job = CertificateJob.objects.create(created_by=user, format=file_format)
        job.decisions.set(decisions)
        by_cycle: dict[int, list[Decision]] = {}
        for decision in decisions:
            by_cycle.setdefault(decision.cycle_id, []).append(decision)
        for in_cycle in by_cycle.values():
            audit(
                user,
                "results.certificates_requested",
                in_cycle[0].cycle,
                job=job.pk,
                format=file_format,
                codes=sorted(d.dossier.code for d in in_cycle),
            )
        transaction.on_commit(lambda: build_certificates.enqueue(job.pk))
    return job


def _file_name(decision: Decision) -> str:
    nomination = (
        decision.dossier.nominations.filter(status="submitted")
        .order_by("submitted_at", "pk")
        .first()
    )
    person = slugify(nomination.nominee_name if nomination else "") or "winner"
    return f"{slugify(decision.cycle.award.name) or 'award'}/{person}-{decision.dossier.code}.pdf"


def _rendered(job: CertificateJob, render):
    """`render(decision)` for every certificate of the job, in filing order, writing progress
    as it goes."""
    decisions = list(
        job.decisions.select_related("dossier", "cycle__award").order_by(
            "cycle__award__name", "cycle__opens_at", "dossier__code"
        )
    )
    for index, decision in enumerate(decisions, start=1):
        yield decision, render(decision)
        CertificateJob.objects.filter(pk=job.pk).update(
            progress=max(1, int(95 * index / len(decisions))),
            message=f"Rendered {index} of {len(decisions)}",
        )


def build_certificates_zip(job: CertificateJob) -> bytes:
    """Render every certificate of the job into one ZIP, a PDF each."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for decision, pdf in _rendered(job, certificate_pdf):
            archive.writestr(_file_name(decision), pdf)
    return output.getvalue()


def build_certificates_pdf(job: CertificateJob) -> bytes:
    """Render every certificate of the job into one PDF, a certificate per page, each in its
    own family's language."""
    return write_documents([document for _, document in _rendered(job, certificate_document)])


BUILDERS: dict[str, Callable[[CertificateJob], bytes]] = {
    CertificateJob.Format.ZIP: build_certificates_zip,
    CertificateJob.Format.PDF: build_certificates_pdf,
}


def run_certificate_job(job_id: int) -> None:
    """Build a queued ZIP or PDF and store it privately (`jobs.run_file_job`)."""
    job = CertificateJob.objects.get(pk=job_id)
    run_file_job(
        job,
        what="certificates",
        folder="certificates",
        suffix=f".{job.format}",
        build=lambda: BUILDERS[job.format](job),
    )


@task
def build_certificates(job_id: int) -> None:
    """Build winners' certificates in the background (progress on its own page)."""
    run_certificate_job(job_id)
