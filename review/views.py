"""The reviewer portal (/review/): assignments, the candidate (blind where the cycle says so),
the scoring form and "declare a conflict". Reviewers never need the Wagtail admin."""

from pathlib import PurePosixPath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from awards.models import LetterRequest, Nomination, NominationFile, StaffNote
from awards.pdf import nomination_sections
from portal.pdf import render_pdf
from portal.storage import private_content_response, private_file_response

from .blind import (
    GUARDIAN,
    LETTER_WRITER,
    NOMINATOR,
    NOMINATOR_NAME,
    NOMINEE,
    NOMINEE_NAME,
    SCHOOL,
    SCHOOL_NAME,
    BlindReview,
)
from .domain import scoring
from .domain.conflicts import declare_conflict
from .domain.enrolment import accept_invitation, verify_invited_address
from .models import Review, ReviewerEnrolment, Stage
from .queries import assignments_for
from .templatetags.review_tags import assignment_url
from .tokens import enrolment_from_token


def _assignment(request, dossier_code: str, stage: str | None = Stage.FIRST):
    """The user's assignment to the candidate in `stage`; with no stage, either one (to read
    the candidate's files: both stages read the same). Missing and forbidden are both 404."""
    assignments = assignments_for(request.user).filter(dossier__code=dossier_code)
    if stage is not None:
        return get_object_or_404(assignments, enrolment__stage=stage)
    found = assignments.order_by("enrolment__stage").first()
    if found is None:
        raise Http404
    return found


def known_names(nominations) -> list[tuple[str, str]]:
    """Every name the portal holds for a candidate's people, with what it stands for."""
    names = []
    for nomination in nominations:
        nominator = nomination.nominator
        names += [
            (NOMINEE, nomination.nominee_name),
            (NOMINEE, nomination.nominee_first_name),
            (NOMINEE, nomination.nominee_last_name),
            (GUARDIAN, nomination.guardian_name),
            (NOMINATOR, nominator.display_name),
            (NOMINATOR, nominator.get_full_name()),
            (SCHOOL_NAME, nomination.school.name if nomination.school else ""),
            *((LETTER_WRITER, letter.writer_name) for letter in nomination.letters.all()),
        ]
    return [(token, name) for token, name in names if name and name.strip()]


def candidate_view(assignment) -> dict:
    """What the reviewer reads, with the cycle's blind fields hidden everywhere: in their own
    boxes, in file and letter labels, and (e-mail addresses, names) inside every text printed.
    `blind_review` goes on to the other reviewers' comments; its `note` tells the reviewer what
    was replaced."""
    nominations = list(
        assignment.dossier.nominations.filter(status=Nomination.Status.SUBMITTED)
        .exclude(eligibility=Nomination.Eligibility.INELIGIBLE)
        .select_related("school", "nominator", "cycle")
        .prefetch_related(
            "files",
            "letters",
            # Only what staff shared: an unshared note never leaves the database for a reviewer.
            Prefetch(
                "staff_notes",
                queryset=StaffNote.objects.filter(share_with_reviewers=True).order_by("created_at"),
                to_attr="shared_notes",
            ),
        )
        .order_by("submitted_at")
    )
    blind = BlindReview.of(
        assignment.enrolment.cycle.review_settings,
        known_emails=[
            email
            for nomination in nominations
            for email in (
                nomination.nominee_email,
                nomination.guardian_email,
                nomination.nominator.email,
                *(letter.writer_email for letter in nomination.letters.all()),
            )
        ],
        known_names=known_names(nominations),
    )
    text = blind.text
    shown = []
    for number, nomination in enumerate(nominations, start=1):
        files = [
            {
                "code": record.code,
                # A file name can carry a name or an address: neutral whenever anything is blind.
                "label": _("Document %(number)s.%(index)s") % {"number": number, "index": index}
                if blind
                else record.display_name,
            }
            for index, record in enumerate(nomination.files.all(), start=1)
        ]
        letters = [
            {
                "label": _("Letter %(index)s") % {"index": index}
                if NOMINATOR_NAME in blind
                else _("Letter from %(name)s") % {"name": text(letter.writer_name)},
                "text": text(letter.letter_text),
                "has_file": bool(letter.letter_file_key),
            }
            for index, letter in enumerate(
                [x for x in nomination.letters.all() if x.status == LetterRequest.Status.RECEIVED],
                start=1,
            )
        ]
        # Plain values only: the answers' letter and file records stay out of the template.
        sections = [
            {
                "title": section["title"],
                "items": [
                    {
                        "label": item["question"]["label"],
                        "value": text(item["value"]),
                        "language": item["language"],
                        "written_in": item["written_in"],
                    }
                    for item in section["items"]
                    if item["question"]["kind"] not in ("file", "letters")
                ],
            }
            for section in nomination_sections(nomination)
        ]
        school = nomination.school.name if nomination.school else ""
        shown.append(
            {
                "label": _("Nomination %(number)s") % {"number": number},
                "nominee": "" if NOMINEE_NAME in blind else text(nomination.nominee_name),
                "role": text(nomination.nominee_role),
                "school": "" if SCHOOL in blind else text(school),
                "nominator": "" if NOMINATOR_NAME in blind else text(nomination.nominator),
                "relationship": text(nomination.nominator_relationship),
                "statement": text(nomination.nominee_statement),
                "sections": sections,
                "files": files,
                "letters": letters,
                "staff_notes": [text(note.text) for note in nomination.shared_notes],
            }
        )
    return {"nominations": shown, "blind": bool(blind), "blind_review": blind}


@never_cache
@login_required
def dashboard(request):
    assignments = list(
        assignments_for(request.user)
        .annotate(
            submitted=Count("review", filter=Q(review__status=Review.Status.SUBMITTED)),
            drafted=Count("review"),
        )
        .order_by("enrolment__cycle", "dossier__created_at")
    )
    done = sum(1 for a in assignments if a.submitted)
    return render(
        request,
        "review/dashboard.html",
        {
            "assignments": assignments,
            "first": [a for a in assignments if a.enrolment.stage == Stage.FIRST],
            "finalists": [a for a in assignments if a.enrolment.stage == Stage.FINALIST],
            "done": done,
            "total": len(assignments),
        },
    )


def discussion(assignment, review, blind: BlindReview) -> list[dict] | None:
    """Other reviewers' submitted scores, anonymised, once the reviewer has submitted their own
    and only where staff enabled discussion; None otherwise. Their comments are read as the
    nomination is: what the cycle hides is replaced."""
    settings = assignment.enrolment.cycle.review_settings
    if not settings.discussion_enabled or review is None:
        return None
    if review.status != Review.Status.SUBMITTED:
        return None
    others = (
        Review.objects.filter(
            assignment__dossier=assignment.dossier,
            assignment__removed_at__isnull=True,
            # The first stage's reviewers and the committee never read each other's scores.
            assignment__enrolment__stage=assignment.enrolment.stage,
            status=Review.Status.SUBMITTED,
        )
        .exclude(pk=review.pk)
        .prefetch_related("scores__criterion")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "label": _("Reviewer %(letter)s") % {"letter": chr(ord("A") + index)},
            "total": other.weighted_total,
            "comment": blind.text(other.comment),
            "scores": [
                (score.criterion.name, score.value, blind.text(score.comment))
                for score in other.scores.all()
            ],
        }
        for index, other in enumerate(others)
    ]


def _parse_scores(rubric, post):
    values, comments = {}, {}
    for criterion in rubric.criteria.all():
        raw = (post.get(f"score-{criterion.pk}") or "").strip()
        values[criterion.pk] = int(raw) if raw.lstrip("-").isdigit() else None
        comments[criterion.pk] = (post.get(f"comment-{criterion.pk}") or "").strip()[:5000]
    return values, comments


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def candidate(request, dossier_code: str, stage: str = Stage.FIRST):
    assignment = _assignment(request, dossier_code, stage)
    review = Review.objects.filter(assignment=assignment).first()
    enrolment = assignment.enrolment
    rubric = review.rubric if review else scoring.current_rubric(enrolment.cycle, enrolment.stage)
    values, comments, errors = {}, {}, {}
    comment = review.comment if review else ""
    if review:
        for score in review.scores.all():
            values[score.criterion_id], comments[score.criterion_id] = score.value, score.comment
    saved = values.copy(), comments.copy(), comment
    if request.method == "POST" and rubric is not None:
        values, comments = _parse_scores(rubric, request.POST)
        comment = (request.POST.get("comment") or "").strip()[:10000]
        submit = request.POST.get("action") == "submit"
        try:
            scoring.save_review(
                assignment,
                request.user,
                values=values,
                comments=comments,
                comment=comment,
                submit=submit,
            )
            if submit:
                messages.success(request, _("Review submitted. Thank you!"))
                return redirect("review:dashboard")
            messages.success(
                request, _("Saved. You can change your scores until the window closes.")
            )
            return redirect(assignment_url("candidate", assignment))
        except scoring.ScoresRefused as exc:
            errors = exc.errors
        except scoring.ReviewClosed as exc:
            messages.error(request, str(exc))
            values, comments, comment = saved  # show what stands, not what was refused
    criteria = []
    for criterion in rubric.criteria.all() if rubric else []:
        criteria.append(
            {
                "criterion": criterion,
                "options": list(
                    range(criterion.scale_min, criterion.scale_max + 1, criterion.scale_step)
                ),
                "value": values.get(criterion.pk),
                "comment": comments.get(criterion.pk, ""),
                "error": errors.get(criterion.pk, ""),
            }
        )
    shown = candidate_view(assignment)
    others = discussion(assignment, review, shown["blind_review"])
    if others:
        scoring.mark_others_seen(review, request.user)
    return render(
        request,
        "review/candidate.html",
        {
            **shown,
            "redaction_note": shown["blind_review"].note,
            "discussion": others,
            "assignment": assignment,
            "review": review,
            "rubric": rubric,
            "criteria": criteria,
            "comment": comment,
            "open": scoring.review_open(assignment),
            "final": bool(review and review.others_seen_at),
            "final_notice": scoring.SCORES_FINAL,
        },
        status=422 if errors else 200,
    )


@never_cache
@login_required
@require_POST
@ratelimit(key="user", rate="600/h", block=True)
def autosave(request, dossier_code: str, stage: str = Stage.FIRST):
    """Save a draft of the scores as the reviewer works (JavaScript posts the form here)."""
    assignment = _assignment(request, dossier_code, stage)
    review = Review.objects.filter(assignment=assignment).select_related("rubric").first()
    enrolment = assignment.enrolment
    rubric = review.rubric if review else scoring.current_rubric(enrolment.cycle, enrolment.stage)
    if rubric is None:
        return JsonResponse({"error": _("The rubric is not published yet.")}, status=409)
    values, comments = _parse_scores(rubric, request.POST)
    comment = (request.POST.get("comment") or "").strip()[:10000]
    try:
        review = scoring.save_review(
            assignment,
            request.user,
            values=values,
            comments=comments,
            comment=comment,
            submit=False,
        )
    except scoring.ScoresRefused as exc:
        return JsonResponse(
            {
                "errors": {str(pk): [message] for pk, message in exc.errors.items()},
                "error": _("Not saved: a score is out of range."),
            },
            status=422,
        )
    except scoring.ReviewClosed as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    saved_at = timezone.localtime(review.updated_at)
    return JsonResponse(
        {"label": _("Draft saved at %(time)s") % {"time": date_format(saved_at, "TIME_FORMAT")}}
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_lazy("Reason"),
        max_length=300,
        error_messages={"required": _lazy("Say briefly why you have a conflict of interest.")},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def conflict(request, dossier_code: str, stage: str = Stage.FIRST):
    """Declare a conflict on a candidate: the reviewer confirms first, and only the confirming
    POST records it (the candidate then leaves their list)."""
    assignment = _assignment(request, dossier_code, stage)
    confirming = request.method == "POST" and request.POST.get("confirm") == "yes"
    if confirming:
        form = ConflictForm(request.POST)
        if form.is_valid():
            declare_conflict(
                assignment.enrolment, assignment.dossier, form.cleaned_data["reason"], request.user
            )
            messages.success(request, _("Thank you. The candidate has been taken off your list."))
            return redirect("review:dashboard")
    else:
        # From the candidate page: what they typed, to confirm (nothing is recorded yet).
        form = ConflictForm(initial={"reason": (request.POST.get("reason") or "").strip()[:300]})
    return render(
        request,
        "review/conflict_confirm.html",
        {"assignment": assignment, "form": form},
        status=422 if confirming else 200,
    )


@never_cache
@login_required
def download(request, dossier_code: str, file_code: str):
    assignment = _assignment(request, dossier_code, stage=None)
    blind = set(assignment.enrolment.cycle.review_settings.blind_fields or [])
    record = get_object_or_404(
        NominationFile.objects.filter(
            nomination__dossier=assignment.dossier,
            nomination__status=Nomination.Status.SUBMITTED,
        ),
        code=file_code,
    )
    # Blind review: a file name can carry a name; offer a neutral one with the real extension.
    suffix = PurePosixPath(record.display_name).suffix
    name = f"document{suffix}" if blind else record.display_name
    return private_file_response(record.storage_key, name)


@never_cache
@login_required
def packet(request, dossier_code: str):
    """The candidate as a PDF for reading offline: what the page shows, blind fields hidden."""
    assignment = _assignment(request, dossier_code, stage=None)
    shown = candidate_view(assignment)
    html = render_to_string(
        "review/pdf/packet.html",
        {"assignment": assignment, **shown, "redaction_note": shown["blind_review"].note},
    )
    return private_content_response(
        render_pdf(html), f"candidate-{dossier_code}.pdf", "application/pdf"
    )


@never_cache
@require_GET
@ratelimit(key="user_or_ip", rate="30/h", block=True)
def join(request, token: str):
    """An invited reviewer accepts from the e-mailed link. Opened before signing in, the link
    proves the invited address (see `verify_invited_address`) and leads to the sign-in by code;
    signed in as the invited address, it accepts. Once accepted the link is spent."""
    try:
        enrolment = (
            enrolment_from_token(token)
            if request.user.is_authenticated
            else verify_invited_address(token)
        )
    except ReviewerEnrolment.DoesNotExist:
        return render(request, "awards/link_invalid.html", status=404)
    if not request.user.is_authenticated:
        spent = enrolment.status != ReviewerEnrolment.Status.INVITED
        after = reverse("review:dashboard") if spent else request.get_full_path()
        return redirect(f"{reverse('account_request_login_code')}?{urlencode({'next': after})}")
    if enrolment.reviewer_id != request.user.pk:
        messages.error(
            request,
            _(
                "This invitation was sent to another e-mail address. Sign out, then sign in with "
                "the address the invitation reached."
            ),
        )
        return render(request, "awards/link_invalid.html", status=404)
    if enrolment.status != ReviewerEnrolment.Status.INVITED:
        return redirect("review:dashboard")
    accept_invitation(enrolment, request.user)
    messages.success(
        request,
        _(
            "Welcome to the %(award)s review. Candidates appear here when the foundation "
            "releases them."
        )
        % {"award": enrolment.cycle.award.local_name},
    )
    return redirect("review:dashboard")
