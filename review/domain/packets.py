"""Committee packets: the finalists' nominations, letters and uploaded PDFs with a scores summary
and a table of contents, built in the background and stored privately.

Every uploaded PDF is merged as a clean copy (`portal.cleaning.clean_pdf`): no JavaScript,
actions, metadata or XMP of a nominator's or writer's file reaches the packet, including files
accepted before clean copies were stored."""

import io
import logging

from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from awards.models import LetterRequest, Nomination
from awards.pdf import nomination_sections
from portal.cleaning import clean_pdf
from portal.errors import DomainError
from portal.models import audit
from portal.pdf import render_pdf
from portal.permissions import can_see_decisions, require
from portal.storage import private_storage

from ..models import Decision, PacketJob, Review, Stage
from .jobs import run_file_job
from .ranking import compute_ranking

logger = logging.getLogger(__name__)

OUTCOME_ORDER: list[str] = [
    Decision.Outcome.WINNER,
    Decision.Outcome.FINALIST,
    Decision.Outcome.HONOURABLE_MENTION,
]


class PacketRefused(DomainError):
    """The committee packet cannot be built now; the message says why, for staff."""


def request_committee_packet(cycle, user) -> PacketJob:
    """Queue a packet of the cycle's winners, finalists and honourable mentions.

    Side effects: a PacketJob; the build task enqueued after commit; an audit event. Raises
    PermissionDenied, or PacketRefused when no candidate has one of those outcomes.
    """
    require(can_see_decisions(user))
    if not Decision.objects.filter(cycle=cycle, outcome__in=OUTCOME_ORDER).exists():
        raise PacketRefused("Mark finalists (or winners) first: the packet is made of them.")
    with transaction.atomic():
        job = PacketJob.objects.create(cycle=cycle, created_by=user)
        audit(user, "results.packet_requested", cycle, job=job.pk)
        transaction.on_commit(lambda: build_packet.enqueue(job.pk))
    return job


def _set_progress(job: PacketJob, percent: int, message: str = "") -> None:
    PacketJob.objects.filter(pk=job.pk).update(progress=percent, message=message[:300])


def _uploaded_pdfs(nomination) -> list[tuple[str, bytes]]:
    found = []
    for record in nomination.files.filter(content_type="application/pdf").order_by("pk"):
        with private_storage().open(record.storage_key, "rb") as handle:
            found.append((record.display_name, handle.read()))
    for letter in nomination.letters.filter(status=LetterRequest.Status.RECEIVED).exclude(
        letter_file_key=""
    ):
        if letter.letter_file_name.lower().endswith(".pdf"):
            with private_storage().open(letter.letter_file_key, "rb") as handle:
                found.append((f"Letter from {letter.writer_name}", handle.read()))
    return found


def build_committee_packet(job: PacketJob) -> bytes:
    """Render and merge the packet; returns its bytes. Progress is written as it goes."""
    cycle = job.cycle
    ranking = {entry.dossier_id: entry for entry in compute_ranking(cycle).entries}
    decisions = sorted(
        Decision.objects.filter(cycle=cycle, outcome__in=OUTCOME_ORDER).select_related("dossier"),
        key=lambda d: (
            OUTCOME_ORDER.index(d.outcome),
            getattr(ranking.get(d.dossier_id), "rank", 10**9),
        ),
    )
    parts = []  # (title, outcome, [pdf bytes], notes)
    for index, decision in enumerate(decisions, start=1):
        nominations = list(
            decision.dossier.nominations.filter(status=Nomination.Status.SUBMITTED)
            .select_related("school", "nominator", "cycle__award")
            .prefetch_related("files", "letters")
            .order_by("submitted_at", "pk")
        )
        if not nominations:
            continue
        comments = list(
            Review.objects.filter(
                dossier=decision.dossier, counted=True, enrolment__stage=Stage.FIRST
            )
            .exclude(comment="")
            .values_list("comment", flat=True)
        )
        title = nominations[0].nominee_name
        html = render_to_string(
            "review/pdf/committee_candidate.html",
            {
                "title": title,
                "decision": decision,
                "entry": ranking.get(decision.dossier_id),
                "comments": comments,
                "nominations": [
                    {
                        "nomination": n,
                        "sections": nomination_sections(n),
                        "letters": [
                            letter
                            for letter in n.letters.all()
                            if letter.status == LetterRequest.Status.RECEIVED
                        ],
                    }
                    for n in nominations
                ],
            },
        )
        documents, notes = [render_pdf(html)], []
        for nomination in nominations:
            for name, content in _uploaded_pdfs(nomination):
                try:
                    if PdfReader(io.BytesIO(content)).is_encrypted:
                        raise ValueError("encrypted")
                    documents.append(clean_pdf(content))
                except Exception:  # a damaged or locked upload is listed, not merged
                    notes.append(name)
        parts.append((title, decision.get_outcome_display(), documents, notes))
        _set_progress(
            job, int(85 * index / len(decisions)), f"Rendered {index} of {len(decisions)}"
        )

    page_counts = [
        sum(len(PdfReader(io.BytesIO(doc)).pages) for doc in documents)
        for _, _, documents, _ in parts
    ]

    def contents(toc_pages: int) -> bytes:
        starts, page = [], toc_pages + 1
        for count in page_counts:
            starts.append(page)
            page += count
        return render_pdf(
            render_to_string(
                "review/pdf/committee_contents.html",
                {
                    "cycle": cycle,
                    "rows": [
                        {"title": title, "outcome": outcome, "page": start, "notes": notes}
                        for (title, outcome, _, notes), start in zip(parts, starts, strict=True)
                    ],
                    "generated": timezone.localtime(),
                },
            )
        )

    toc = contents(1)
    toc_pages = len(PdfReader(io.BytesIO(toc)).pages)
    if toc_pages != 1:
        toc = contents(toc_pages)
    writer = PdfWriter()
    writer.append(io.BytesIO(toc), import_outline=False)
    for title, _, documents, _ in parts:
        start = len(writer.pages)
        for document in documents:
            writer.append(io.BytesIO(document), import_outline=False)
        writer.add_outline_item(title=title, page_number=start)
    _set_progress(job, 95, "Merging")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def run_packet_job(job_id: int) -> None:
    """Build a queued packet and store it privately (`jobs.run_file_job`), with its page
    count."""
    job = PacketJob.objects.select_related("cycle__award").get(pk=job_id)
    run_file_job(
        job,
        what="packet",
        folder="packets",
        suffix=".pdf",
        build=lambda: build_committee_packet(job),
        finished=lambda content: {"pages": len(PdfReader(io.BytesIO(content)).pages)},
    )


@task
def build_packet(job_id: int) -> None:
    """Build a committee packet in the background (progress shown on the committee screen)."""
    run_packet_job(job_id)
