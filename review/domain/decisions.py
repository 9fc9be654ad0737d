"""Committee decisions and publishing results: two staff members, nothing half-done."""

import unicodedata
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.tasks import default_task_backend, task
from django.utils import timezone
from django.utils.text import slugify

from awards.domain.consent import guardians_consent, needs_guardian_consent
from awards.models import Cycle, Nomination, PastWinner
from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_decide, can_publish, require

from ..models import Decision, Publication
from .notifications import queue_results_messages
from .outbox import schedule
from .ranking import compute_ranking

FROZEN_WHILE_REQUESTED = (
    "Publishing was requested, so the decisions are frozen for the approver: withdraw the "
    "request to change them."
)
LOCKED_WHILE_PUBLISHED = "The results are published; unpublish them to change decisions."


class DecisionRefused(DomainError):
    """The decision cannot be saved as asked (a value out of bounds, or the decisions frozen
    while publishing waits for approval, or published); the message says why, for staff."""


class PublicationRefused(DomainError):
    """Publishing cannot be requested, approved or withdrawn as asked (no winner, nominations
    still open, no request waiting, a request changed since it was read); the message says why,
    for staff."""


def nominations_close_at(cycle) -> datetime:
    """The last moment anyone may still submit a nomination to the cycle: its deadline or the
    latest nominator's extension, whichever is later, plus the grace period (the moments
    `Cycle.accepts_submission_from` reads)."""
    latest_extension = cycle.extensions.aggregate(latest=Max("closes_at"))["latest"]
    deadline = max(cycle.closes_at, latest_extension or cycle.closes_at)
    return deadline + (cycle.grace_period or timedelta(0))


def _refuse_while_nominations_open(cycle, early_reason: str) -> bool:
    """Results wait until nobody may submit a nomination any more, unless staff said why they
    cannot. Returns whether nominations are still open (and the reason was needed)."""
    closes = nominations_close_at(cycle)
    if timezone.now() >= closes:
        return False
    if early_reason:
        return True
    local = timezone.localtime(closes, ZoneInfo(settings.TIME_ZONE))
    raise PublicationRefused(
        f"The cycle is still open for nominations until {local:%Y-%m-%d %H:%M} "
        f"({settings.TIME_ZONE}; extensions and the grace period included): publish the results "
        "after that, or give a reason to publish before nominations close."
    )


def _refuse_if_locked(cycle) -> None:
    """Refuse a change of decision while publishing waits for approval or the results are
    published. The publication row is locked, so an approval cannot slip in between."""
    publication = Publication.objects.select_for_update().filter(cycle=cycle).first()
    if publication is None or not publication.locks_decisions:
        return
    if publication.status == Publication.Status.AWAITING_APPROVAL:
        raise DecisionRefused(FROZEN_WHILE_REQUESTED)
    raise DecisionRefused(LOCKED_WHILE_PUBLISHED)


# What joins the letters of a name ("Mary-Jane O'Brien Jr."): nothing a spreadsheet, a link or a
# PDF could read as more than a name.
NAME_PUNCTUATION = frozenset(" '\u2019.,-")  # \u2019: the typographic apostrophe


def is_plain_name(name: str) -> bool:
    """Letters of any script with their marks, joined by NAME_PUNCTUATION; a letter first."""
    return unicodedata.category(name[0]).startswith("L") and all(
        unicodedata.category(c)[0] in "LM" or c in NAME_PUNCTUATION for c in name
    )


def clean_public_name(value: str) -> str:
    """A winner's public name as typed by staff, with its spaces tidied; "" stays "". Raises
    DecisionRefused for anything that is not a plain name (a formula, a link, digits), or a name
    longer than 150 characters."""
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    if name and not is_plain_name(name):
        raise DecisionRefused(
            "Give the public name as a plain name: letters, spaces, hyphens, apostrophes and "
            "full stops only."
        )
    if len(name) > 150:
        raise DecisionRefused("Keep the public name to 150 characters.")
    return name


def clean_photo_caption(value: str) -> str:
    """A photo caption on one line, without control characters. Raises DecisionRefused for
    one longer than 200 characters."""
    caption = " ".join(
        "".join(c for c in value or "" if unicodedata.category(c)[0] != "C" or c in "\t\n").split()
    )
    if len(caption) > 200:
        raise DecisionRefused("Keep the photo caption to 200 characters.")
    return caption


def record_decision(
    cycle,
    dossier,
    user,
    *,
    outcome: str,
    amount: Decimal | None = None,
    citation: str = "",
    student_display: str = Decision.StudentDisplay.ANONYMOUS,
    photo=None,
    position: int | None = None,
    public_name: str | None = None,
    photo_caption: str | None = None,
) -> Decision:
    """Mark a candidate winner, finalist, honourable mention or not selected.

    `public_name` is the name the results page, the certificate and the announcement e-mails
    print instead of the name the nominator typed (a plain name: `clean_public_name`), and
    `photo_caption` the words under the photo; None keeps what is set, "" clears it.

    `position` places the candidate among those with the same outcome on the results page (1
    first); without one, an order already set is kept, and a candidate that has none takes its
    place in the ranking when the results are published.

    Refused (DecisionRefused) for a candidate of another cycle or a value out of bounds, while
    publishing waits for approval (withdraw the request first) and once the results are
    published (unpublish first). Side effects: the Decision row; an audit event.
    """
    require(can_decide(user))
    if dossier.cycle_id != cycle.pk:
        raise DecisionRefused("This candidate belongs to another cycle.")
    if outcome not in Decision.Outcome.values:
        raise DecisionRefused("Choose an outcome.")
    if amount is not None and amount < 0:
        raise DecisionRefused("An award amount cannot be negative.")
    if len(citation) > 600:
        raise DecisionRefused("Keep the citation to 600 characters.")
    if position is not None and position < 1:
        raise DecisionRefused("Number the order on the results page from 1.")
    defaults = {
        "cycle": cycle,
        "outcome": outcome,
        "amount": amount,
        "citation": citation.strip(),
        "student_display": student_display,
        "photo": photo,
        "updated_by": user,
    }
    if position is not None:
        defaults["position"] = position
    if public_name is not None:
        defaults["public_name"] = clean_public_name(public_name)
    if photo_caption is not None:
        defaults["photo_caption"] = clean_photo_caption(photo_caption)
    with transaction.atomic():
        _refuse_if_locked(cycle)
        decision, _ = Decision.objects.update_or_create(dossier=dossier, defaults=defaults)
        audit(
            user,
            "results.decision",
            dossier,
            outcome=outcome,
            amount=str(amount or ""),
            position=position,
            public_name=decision.public_name,
        )
    return decision


def request_publication(cycle, user, publish_at=None, *, early_reason: str = "") -> Publication:
    """Ask for the results to be published at `publish_at` (now if not given). A second staff
    member must approve; until they do, or the request is withdrawn, the decisions are frozen.

    Refused while the cycle is still open for nominations (see `nominations_close_at`) unless
    `early_reason` says why the results cannot wait; the approver reads the reason. Refused
    too (PublicationRefused) without a winner, once published, or for a reason over 500
    characters.

    Side effects: the Publication row (a new `requested_at`, which an approval must name; the
    reason to publish early); an audit event with that reason.
    """
    require(can_publish(user))
    publish_at = publish_at or timezone.now()
    early_reason = early_reason.strip()
    if len(early_reason) > 500:
        raise PublicationRefused("Keep the reason to publish early to 500 characters.")
    with transaction.atomic():
        if not Decision.objects.filter(cycle=cycle, outcome=Decision.Outcome.WINNER).exists():
            raise PublicationRefused("Mark at least one winner before publishing.")
        if not _refuse_while_nominations_open(cycle, early_reason):
            early_reason = ""  # nothing to excuse
        publication = Publication.objects.select_for_update().filter(cycle=cycle).first()
        if publication and publication.status == Publication.Status.PUBLISHED:
            raise PublicationRefused("These results are already published.")
        publication, _ = Publication.objects.update_or_create(
            cycle=cycle,
            defaults={
                "status": Publication.Status.AWAITING_APPROVAL,
                "publish_at": publish_at,
                "requested_by": user,
                "requested_at": timezone.now(),
                "approved_by": None,
                "approved_at": None,
                "early_reason": early_reason,
            },
        )
        audit(
            user,
            "results.publication_requested",
            cycle,
            publish_at=publish_at.isoformat(),
            early_reason=early_reason,
        )
    return publication


def withdraw_publication_request(cycle, user) -> Publication:
    """Take back a request that waits for approval, so the decisions may change again (any staff
    member may). Side effects: the Publication marked withdrawn; an audit event. Raises
    PublicationRefused when no request waits."""
    require(can_publish(user))
    with transaction.atomic():
        publication = (
            Publication.objects.select_for_update()
            .filter(cycle=cycle, status=Publication.Status.AWAITING_APPROVAL)
            .first()
        )
        if publication is None:
            raise PublicationRefused("There is no publication waiting for approval.")
        publication.status = Publication.Status.WITHDRAWN
        publication.save(update_fields=["status"])
        audit(
            user,
            "results.publication_withdrawn",
            cycle,
            requested_by=publication.requested_by_id,
            requested_at=publication.requested_at.isoformat(),
        )
    return publication


def approve_publication(cycle, user, *, requested_at=None) -> Publication:
    """The second staff member approves: the results page is created or updated and goes live;
    winners show on it from `publish_at`. Two-person rule: the requester cannot approve.

    `requested_at` names the request the approver read (the committee screen sends it): an
    approval of a request withdrawn and made again since, with other decisions perhaps, is
    refused. So is one while the cycle is open for nominations (an extension granted since the
    request), unless the request gave a reason to publish early, and one where another page
    under the home page has the results page's address. Refusals are PublicationRefused, but
    PermissionDenied for the staff member who asked.

    Side effects, all in one transaction: the cycle's ResultsPage (a published revision), the
    Publication approved, decisions locked (those the committee gave no order take their place
    in the ranking, so the page keeps one order), the announcement e-mails logged (sent through
    the task queue after commit, from `publish_at`), an audit event. The winners join the
    award's past-winner roster (which the "past winners excluded" rule reads) once they are
    public: at once when `publish_at` has come, else through a task deferred to `publish_at`.
    """
    require(can_publish(user))
    with transaction.atomic():
        publication = (
            Publication.objects.select_for_update()
            .select_related("cycle__award")
            .filter(cycle=cycle, status=Publication.Status.AWAITING_APPROVAL)
            .first()
        )
        if publication is None:
            raise PublicationRefused("There is no publication waiting for approval.")
        if publication.requested_by_id == user.pk:
            raise PermissionDenied("A second staff member must approve publishing.")
        if requested_at is not None and requested_at != publication.requested_at:
            raise PublicationRefused(
                "The request has changed since you opened this page: read the decisions "
                "again, then approve."
            )
        _refuse_while_nominations_open(cycle, publication.early_reason)
        publication.results_page = _results_page(publication, user)
        publication.status = Publication.Status.PUBLISHED
        publication.approved_by = user
        publication.approved_at = timezone.now()
        publication.save()
        _fix_order_from_ranking(cycle)
        if publication.publish_at <= publication.approved_at:
            record_past_winners(cycle, now=publication.approved_at)
        else:
            transaction.on_commit(lambda: _schedule_roster(cycle.pk, publication.publish_at))
        message_ids = queue_results_messages(cycle)
        transaction.on_commit(lambda: schedule(message_ids, publication.publish_at))
        audit(
            user,
            "results.published",
            cycle,
            requested_by=publication.requested_by_id,
            requested_at=publication.requested_at.isoformat(),
            publish_at=publication.publish_at.isoformat(),
            page=publication.results_page.pk,
            early_reason=publication.early_reason,
        )
    return publication


def unpublish_results(cycle, user) -> None:
    """Take the results down: the page is unpublished and decisions may change again.

    Side effects: the publication unpublished, the results page taken down, the cycle's
    winners taken off the past-winner roster (no longer public), an audit event.
    """
    require(can_publish(user))
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(cycle=cycle)
        publication.status = Publication.Status.UNPUBLISHED
        publication.save(update_fields=["status"])
        if publication.results_page and publication.results_page.live:
            publication.results_page.unpublish(user=user)
        PastWinner.objects.filter(nomination__cycle=cycle).delete()
        audit(user, "results.unpublished", cycle)


def _fix_order_from_ranking(cycle) -> None:
    """Give each decision without an order its place in the current ranking; candidates the
    ranking does not know (no counted review) come after, in the order they were decided."""
    unordered = list(Decision.objects.filter(cycle=cycle, position__isnull=True).order_by("pk"))
    if not unordered:
        return
    ranks = {entry.dossier_id: entry.rank for entry in compute_ranking(cycle).entries}
    after = len(ranks)
    for decision in unordered:
        if decision.dossier_id in ranks:
            decision.position = ranks[decision.dossier_id]
        else:
            after += 1
            decision.position = after
    Decision.objects.bulk_update(unordered, ["position"])


def record_past_winners(cycle, now=None) -> int:
    """Add the cycle's public winners to the award's past-winner roster, once their results are
    public (published and `publish_at` come): a winner who is a student only when every parent
    or guardian asked consented to the name (as the results page names them). Nothing before
    then, nor after unpublishing. Safe to run again. Returns how many rows were added.

    Side effects: PastWinner rows, each tied to its winning nomination.
    """
    if not Publication.objects.filter(
        cycle=cycle,
        status=Publication.Status.PUBLISHED,
        publish_at__lte=now or timezone.now(),
    ).exists():
        return 0
    award = cycle.award
    student = needs_guardian_consent(award.category, award.requires_guardian_consent)
    winners = Decision.objects.filter(cycle=cycle, outcome=Decision.Outcome.WINNER)
    candidates = defaultdict(list)
    for nomination in Nomination.objects.filter(
        dossier__in=winners.values("dossier"), status=Nomination.Status.SUBMITTED
    ).order_by("dossier_id", "submitted_at", "pk"):
        candidates[nomination.dossier_id].append(nomination)
    added = 0
    with transaction.atomic():
        for nominations in candidates.values():
            if student and not guardians_consent(n.guardian_consent for n in nominations):
                continue
            for nomination in nominations:
                _, created = PastWinner.objects.get_or_create(
                    award=award,
                    first_name=nomination.nominee_first_name,
                    last_name=nomination.nominee_last_name,
                    year=cycle.name,
                    defaults={
                        "school": nomination.school,
                        "email": nomination.nominee_email,
                        "nomination": nomination,
                    },
                )
                added += created
    return added


def _schedule_roster(cycle_id: int, when) -> None:
    """Run `record_past_winners` at `when`, where the task backend can defer (the production
    queue does; a backend that cannot runs it now, when it adds nothing)."""
    task = record_past_winners_task
    if default_task_backend.supports_defer:
        task = task.using(run_after=when)
    task.enqueue(cycle_id)


def _results_page(publication: Publication, user):
    """The cycle's results page under the home page, created or refreshed, and published.
    Raises PublicationRefused when Wagtail refuses the page (another page under the home page
    already has its address), with Wagtail's message."""
    from wagtail.models import Site

    from cms.models import HomePage, ResultsPage

    cycle = publication.cycle
    page = ResultsPage.objects.filter(cycle=cycle).first()
    announced = timezone.localtime(publication.publish_at)
    intro = (
        f"<p>The {cycle.award.name} for {cycle.name}, announced "
        f"{announced:%B} {announced.day}, {announced.year}.</p>"
    )
    try:
        if page is None:
            site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
            home = site.root_page.specific if site else HomePage.objects.first()
            page = ResultsPage(
                title=f"{cycle.award.name}: {cycle.name} results",
                slug=slugify(f"{cycle.award.slug}-{cycle.name}-results")[:250],
                cycle=cycle,
                intro=intro,
            )
            home.add_child(instance=page)
        else:
            page.intro = intro
        page.save_revision(user=user, log_action=True).publish(user=user)
    except ValidationError as exc:
        # Wagtail validates the page (its address taken by a page an editor made): the CMS's
        # refusal, not a bug; staff rename that page and approve again.
        raise PublicationRefused(" ".join(exc.messages)) from exc
    return page


@task
def record_past_winners_task(cycle_id: int) -> None:
    """At the results' publication time: add the cycle's public winners to the past-winner
    roster (nothing if run early or after unpublishing; safe to run again)."""
    record_past_winners(Cycle.objects.select_related("award").get(pk=cycle_id))
