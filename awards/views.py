"""The nominator's journey and the letter writer's page. Views stay thin: they find objects
through awards.queries, call domain operations and render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from portal.devices import is_phone
from portal.i18n import language_names
from portal.limits import client_and_link
from portal.storage import private_content_response, private_file_response

from . import spec, tokens
from .domain import direct_uploads, responses
from .domain import letters as letter_ops
from .domain import nominations as ops
from .domain.uploads import StorageUnavailable, UploadRejected, attach_file, remove_file
from .forms import (
    AnswersForm,
    GuardianConsentForm,
    LetterForm,
    LetterRequestForm,
    NomineeForm,
    NomineeResponseForm,
    stored_answers_data,
    stored_nominee_data,
)
from .models import Award, LetterRequest, Nomination
from .pdf import nomination_sections, receipt_pdf
from .queries import (
    award_eligibility,
    current_cycle_for,
    key_dates,
    letter_counts,
    open_cycle_for,
    own_nominations,
)

HONEYPOT_FIELD = "website"
# The same words as the step page's notice (templates/awards/step.html).
CHANGED_ELSEWHERE = _(
    "Someone saved this draft in another tab or on another device after this page was "
    "opened, so what you typed here was not saved."
)
# The value of a step form's first (hidden) button: what pressing Enter in a field sends.
DEFAULT_ACTION = "default"
LETTER_FIELDS = ("writer_name", "writer_email")
STORAGE_DOWN = _(
    "We couldn't store your file just now. Everything else is saved; "
    "please try the upload again in a few minutes."
)


def _nomination_for(request, code: str) -> Nomination:
    """The signed-in nominator's own nomination; anything else is a 404."""
    return get_object_or_404(
        own_nominations(request.user).select_related("cycle__award", "school"), code=code
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="20/h", method="POST", block=True)
def start(request, award_slug: str):
    """The landing page of a nomination: deadline, who can be nominated, then a new draft."""
    award = get_object_or_404(Award, slug=award_slug)
    cycle = open_cycle_for(award)
    user = request.user
    accepting = bool(cycle and cycle.accepts_submission_from(user))
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if request.POST.get(HONEYPOT_FIELD):
            raise PermissionDenied
        if not accepting:
            messages.error(request, _("Nominations for this award are closed."))
            return redirect(request.path)
        nomination = ops.start_nomination(user, cycle, on_phone=is_phone(request))
        return redirect("awards:step", code=nomination.code, number=1)
    drafts = []
    if user.is_authenticated and cycle:
        drafts = own_nominations(user).filter(cycle=cycle, status=Nomination.Status.DRAFT)
    deadline = cycle.deadline_for(user) if (cycle and user.is_authenticated) else None
    return render(
        request,
        "awards/start.html",
        {
            "award": award,
            "cycle": cycle,
            "accepting": accepting,
            "deadline": deadline or (cycle.closes_at if cycle else None),
            "drafts": drafts,
            "honeypot_field": HONEYPOT_FIELD,
            "eligibility": award_eligibility(award),
            "key_dates": key_dates(cycle or current_cycle_for(award)),
        },
    )


@never_cache
@login_required
def my_nominations(request):
    nominations = (
        own_nominations(request.user)
        .select_related("cycle__award", "school")
        .annotate(**letter_counts())
        .order_by("-updated_at")
    )
    return render(request, "awards/my_nominations.html", {"nominations": nominations})


def _error_links(step, nominee_form, answers_form, attachment_errors: dict) -> list[dict]:
    """The error summary: one link per problem, to the field it is about, in the page's order."""
    form = nominee_form if step.number == 1 else answers_form
    links = [
        {"target": field.auto_id, "label": field.label, "message": error}
        for field in form
        for error in field.errors
    ]
    for question in step.questions:
        for message in attachment_errors.get(question["key"], []):
            links.append(
                {"target": f"q-{question['key']}", "label": question["label"], "message": message}
            )
    return links


def _step_context(
    request,
    nomination,
    steps,
    step,
    nominee_form,
    answers_form,
    letter_form=None,
    attachment_errors=None,
):
    files = {}
    letters = {}
    if step.number > 1:
        for record in nomination.files.filter(question_key__in=[q["key"] for q in step.questions]):
            files.setdefault(record.question_key, []).append(record)
        for letter in nomination.letters.exclude(status=LetterRequest.Status.CANCELLED).filter(
            question_key__in=[q["key"] for q in step.questions]
        ):
            letters.setdefault(letter.question_key, []).append(letter)
    blocks = []
    for question in step.questions:
        blocks.append(
            {
                "question": question,
                "field": answers_form[question["key"]]
                if question["key"] in answers_form.fields
                else None,
                "files": files.get(question["key"], []),
                "letters": letters.get(question["key"], []),
                "errors": (attachment_errors or {}).get(question["key"], []),
            }
        )
    deadline = nomination.cycle.deadline_for(request.user)
    return {
        "nomination": nomination,
        "award": nomination.cycle.award,
        "steps": steps,
        "step": step,
        "is_last_step": step.number == len(steps),
        "nominee_form": nominee_form,
        "answers_form": answers_form,
        "blocks": blocks,
        "letter_form": letter_form or LetterRequestForm(prefix="letter"),
        "error_links": _error_links(step, nominee_form, answers_form, attachment_errors or {}),
        "default_action": DEFAULT_ACTION,
        "deadline": deadline,
        "autosave": nomination.status == Nomination.Status.DRAFT,
        "draft_version": ops.draft_version(nomination),
        "letters_open": letter_ops.letters_open(nomination),
        "direct_upload_origin": direct_uploads.upload_origin()
        if any(q["kind"] == spec.FILE for q in step.questions)
        else None,
    }


def _render_step(request, context: dict, status: int = 200) -> HttpResponse:
    """The step page. With direct uploads its policy also lets scripts reach the bucket
    (connect-src, for the upload's XMLHttpRequest); everything else is the site's policy."""
    if context["direct_upload_origin"]:
        policy = {**settings.SECURE_CSP, "connect-src": [CSP.SELF, context["direct_upload_origin"]]}
        return csp_override(policy)(render)(request, "awards/step.html", context, status=status)
    return render(request, "awards/step.html", context, status=status)


def _handle_side_action(request, nomination, step, action: str) -> tuple[bool, object]:
    """Uploads, file removal and letter requests ride on the step form's buttons.

    Returns (handled, letter_form_with_errors_or_None).
    """
    questions = {q["key"]: q for q in step.questions}
    if action.startswith("remove_file:"):
        try:
            remove_file(nomination, request.user, action.split(":", 1)[1])
            messages.success(request, _("File removed."))
        except nomination.files.model.DoesNotExist:
            raise Http404 from None
        return True, None
    if action.startswith("add_letter:"):
        question = questions.get(action.split(":", 1)[1])
        if not question or question["kind"] != spec.LETTERS:
            raise Http404
        form = LetterRequestForm(request.POST, prefix="letter")
        if not form.is_valid():
            return True, form
        try:
            letter_ops.request_letter(
                nomination,
                request.user,
                question,
                form.cleaned_data["writer_name"],
                form.cleaned_data["writer_email"],
                form.cleaned_data["language"],
            )
            messages.success(
                request,
                gettext("We've asked %(name)s for a letter.")
                % {"name": form.cleaned_data["writer_name"]},
            )
        except letter_ops.LetterClosed as exc:
            messages.error(request, str(exc))
        return True, None
    for prefix, operation, done in (
        ("resend_letter:", letter_ops.resend_letter, _("We've sent the link again.")),
        ("cancel_letter:", letter_ops.cancel_letter, _("Letter request cancelled.")),
    ):
        if action.startswith(prefix):
            letter = get_object_or_404(nomination.letters, code=action.split(":", 1)[1])
            try:
                operation(letter, request.user)
                messages.success(request, done)
            except letter_ops.LetterClosed as exc:
                messages.error(request, str(exc))
            return True, None
    return False, None


def _save_uploads(request, nomination, step) -> list[str]:
    """Attach every file chosen on this step; returns the messages of refused files."""
    problems = []
    for question in step.questions:
        if question["kind"] != spec.FILE:
            continue
        for upload in request.FILES.getlist(f"upload-{question['key']}"):
            try:
                attach_file(nomination, request.user, question, upload)
                messages.success(
                    request, gettext("Uploaded %(name)s.") % {"name": upload.name[:80]}
                )
            except UploadRejected as exc:
                problems.append(f"{question['label']}: {exc}")
            except StorageUnavailable:
                problems.append(STORAGE_DOWN)
    return problems


def _checked_forms(nomination, step, award) -> tuple[NomineeForm, AnswersForm, dict]:
    """The step's forms bound to what is saved, so every answer that needs attention shows its
    error beside the field; plus the file and letter problems, by question key."""
    nominee_form = NomineeForm(stored_nominee_data(nomination), instance=nomination, award=award)
    answers_form = AnswersForm(
        stored_answers_data(nomination.answers),
        questions=step.questions,
        answers=nomination.answers,
    )
    (nominee_form if step.number == 1 else answers_form).is_valid()
    attachments = {q["key"] for q in step.questions if q["kind"] in (spec.FILE, spec.LETTERS)}
    problems = ops.submission_problems(nomination).by_step.get(step.number, {})
    return (
        nominee_form,
        answers_form,
        {key: messages for key, messages in problems.items() if key in attachments},
    )


def _default_action(request, step) -> str:
    """What Enter in a field asks for (the form's first, hidden button): the letter request when
    its fields hold something, otherwise the step's main action, "Next"."""
    letters = [q for q in step.questions if q["kind"] == spec.LETTERS]
    typed = any(request.POST.get(f"letter-{name}", "").strip() for name in LETTER_FIELDS)
    if letters and typed:
        return f"add_letter:{letters[0]['key']}"
    return "next"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(
    key="user",
    rate=lambda _group, _request: settings.STEP_POSTS_PER_ACCOUNT,
    method="POST",
    block=True,
)
@ratelimit(
    key="ip",
    rate=lambda _group, _request: settings.STEP_POSTS_PER_CLIENT,
    method="POST",
    block=True,
)
def step_view(request, code: str, number: int):
    nomination = _nomination_for(request, code)
    if nomination.status == Nomination.Status.WITHDRAWN:
        messages.info(request, _("This nomination was withdrawn."))
        return redirect("awards:mine")
    editable = ops.can_edit(nomination, request.user)
    if not editable:
        return redirect("awards:review", code=code)
    # In the page's language: labels, options and "if No" messages of the form the draft answers.
    steps = spec.steps_for(spec.localised(spec.questions_for(nomination)))
    if not 1 <= number <= len(steps):
        raise Http404
    step = steps[number - 1]
    award = nomination.cycle.award
    is_draft = nomination.status == Nomination.Status.DRAFT

    if request.method == "GET":
        if "check" in request.GET:
            # From the review page: show what still needs attention on this step.
            nominee_form, answers_form, attachment_errors = _checked_forms(nomination, step, award)
        else:
            nominee_form = NomineeForm(instance=nomination, award=award)
            answers_form = AnswersForm(
                initial=nomination.answers, questions=step.questions, answers=nomination.answers
            )
            attachment_errors = {}
        return _render_step(
            request,
            _step_context(
                request,
                nomination,
                steps,
                step,
                nominee_form,
                answers_form,
                attachment_errors=attachment_errors,
            ),
        )

    action = request.POST.get("action", "next")
    if action == DEFAULT_ACTION:
        action = _default_action(request, step)
    nominee_form = NomineeForm(request.POST, instance=nomination, award=award)
    answers_form = AnswersForm(request.POST, questions=step.questions, answers=nomination.answers)
    nominee_values = nominee_form.raw_values() if number == 1 else None
    answer_values = answers_form.raw_values() if number > 1 else None
    valid = (nominee_form if number == 1 else answers_form).is_valid()

    if is_draft:
        try:
            ops.save_draft(
                nomination,
                request.user,
                nominee=nominee_values,
                answers=answer_values,
                language=translation.get_language(),
                edited_from=_edited_from(request),
            )
        except ops.NominationClosed as exc:
            messages.error(request, str(exc))
            return redirect("awards:review", code=code)
        except ops.DraftChangedElsewhere:
            return _changed_elsewhere(request, nomination, steps, step, nominee_form, answers_form)
    elif valid:
        ops.update_submitted(
            nomination,
            request.user,
            nominee=nominee_values,
            answers=answer_values,
            language=translation.get_language(),
        )
    upload_problems = _save_uploads(request, nomination, step) if number > 1 else []
    handled, letter_form = _handle_side_action(request, nomination, step, action)
    for problem in upload_problems:
        messages.error(request, problem)

    # A draft keeps whatever was typed, so its errors are shown only when the person asks to go
    # on ("Next"); a submitted nomination's change is not saved at all while it has errors.
    show_errors = not valid and (action == "next" or not is_draft)
    if handled and letter_form is None and not show_errors:
        return redirect("awards:step", code=code, number=number)
    if show_errors or letter_form is not None or upload_problems:
        if show_errors and not is_draft:
            messages.error(request, _("Nothing was changed: correct the answers marked below."))
        nomination.refresh_from_db()
        if not show_errors:
            nominee_form = NomineeForm(instance=nomination, award=award)
            answers_form = AnswersForm(
                initial=nomination.answers, questions=step.questions, answers=nomination.answers
            )
        return _render_step(
            request,
            _step_context(
                request, nomination, steps, step, nominee_form, answers_form, letter_form
            ),
            status=422 if show_errors or letter_form is not None else 200,
        )
    acknowledged = request.session.get("same_person_ok", [])
    if request.POST.get("same_person_ok") and code not in acknowledged:
        request.session["same_person_ok"] = [*acknowledged, code][-20:]
    elif number == 1 and action == "next" and is_draft and code not in acknowledged:
        duplicates = ops.same_nominee_elsewhere(nomination)
        if duplicates:
            # Saved already; ask before going on with a second nomination of one person.
            nomination.refresh_from_db()
            context = _step_context(request, nomination, steps, step, nominee_form, answers_form)
            return _render_step(request, {**context, "duplicates": duplicates})
    if action == "save":
        messages.success(request, _("Your draft is saved.") if is_draft else _("Changes saved."))
        return redirect("awards:step", code=code, number=number)
    if action.startswith("upload:"):
        return redirect("awards:step", code=code, number=number)
    if action == "back":
        return redirect("awards:step", code=code, number=max(1, number - 1))
    if action.startswith("goto:"):
        target = action.split(":", 1)[1]
        if target == "review":
            return redirect("awards:review", code=code)
        if target.isdigit() and 1 <= int(target) <= len(steps):
            return redirect("awards:step", code=code, number=int(target))
    if number < len(steps):
        return redirect("awards:step", code=code, number=number + 1)
    return redirect("awards:review", code=code)


def _edited_from(request) -> str | None:
    """The draft version the posting page was made from (none from a page that predates it)."""
    return request.POST.get("draft_version") or None


def _changed_elsewhere(request, nomination, steps, step, nominee_form, answers_form):
    """The step as it was sent, with what was typed and a notice that the draft was saved
    elsewhere since: nothing was saved, and the page keeps the version it was made from, so
    sending it again is refused again until the person reloads the newer draft."""
    nomination.refresh_from_db()
    context = _step_context(request, nomination, steps, step, nominee_form, answers_form)
    context.update(changed_elsewhere=True, draft_version=_edited_from(request))
    return _render_step(request, context, status=409)


@never_cache
@login_required
@require_POST
@ratelimit(key="user", rate="120/m", block=True)
def autosave(request, code: str):
    """Save a draft step as it is typed (JavaScript posts the form here, debounced)."""
    nomination = _nomination_for(request, code)
    if nomination.status != Nomination.Status.DRAFT:
        return JsonResponse({"error": gettext("Only drafts save automatically.")}, status=409)
    steps = spec.steps_for(spec.questions_for(nomination))
    try:
        number = int(request.POST.get("step", "0"))
        step = steps[number - 1]
    except (ValueError, IndexError):
        return JsonResponse({"error": gettext("Unknown step.")}, status=400)
    if number == 1:
        nominee = NomineeForm(request.POST, instance=nomination, award=nomination.cycle.award)
        values = {"nominee": nominee.raw_values()}
    else:
        answers = AnswersForm(request.POST, questions=step.questions, answers=nomination.answers)
        values = {"answers": answers.raw_values()}
    try:
        # The page's address carries its language (/es/nominations/…/autosave/).
        ops.save_draft(
            nomination,
            request.user,
            language=translation.get_language(),
            edited_from=_edited_from(request),
            **values,
        )
    except ops.NominationClosed as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    except ops.DraftChangedElsewhere:
        return JsonResponse({"error": gettext(CHANGED_ELSEWHERE), "conflict": True}, status=409)
    saved_at = timezone.localtime(nomination.updated_at)
    return JsonResponse(
        {
            "saved_at": saved_at.isoformat(),
            "version": ops.draft_version(nomination),
            # Translators: the time a draft was saved (Django's time letters, g:i A or H:i).
            "label": gettext("Saved at %(time)s")
            % {"time": date_format(saved_at, pgettext("time format", "g:i A"))},
        }
    )


def _file_question(request, nomination) -> dict:
    """The file question named in the POST, among the questions this nomination answers."""
    key = request.POST.get("question", "")
    for question in spec.questions_for(nomination):
        if question["key"] == key and question["kind"] == spec.FILE:
            return question
    raise Http404


def _direct_upload(request, code: str, operation) -> JsonResponse:
    """Run one step of a direct upload; every refusal is JSON the page's script can show."""
    if not direct_uploads.direct_uploads_available():
        raise Http404
    nomination = _nomination_for(request, code)
    question = _file_question(request, nomination)
    try:
        return operation(nomination, question)
    except UploadRejected as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    except direct_uploads.UnknownUpload:
        return JsonResponse(
            {"error": gettext("This upload is no longer valid. Please choose the file again.")},
            status=400,
        )
    except ops.NominationClosed as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    except StorageUnavailable:
        return JsonResponse({"error": STORAGE_DOWN}, status=503)


@never_cache
@login_required
@require_POST
@ratelimit(key="user", rate="60/h", block=True)
def presign_upload(request, code: str):
    """Where and how the browser may post one file straight to S3 (direct uploads only)."""

    def presign(nomination, question):
        presigned = direct_uploads.presign_upload(
            nomination, request.user, question, request.POST.get("content_type", "")
        )
        return JsonResponse(presigned)

    return _direct_upload(request, code, presign)


@never_cache
@login_required
@require_POST
@ratelimit(key="user", rate="60/h", block=True)
def confirm_upload(request, code: str):
    """The browser has posted a file to S3: check it and add it to the nomination."""

    def confirm(nomination, question):
        record = direct_uploads.confirm_upload(
            nomination,
            request.user,
            question,
            request.POST.get("key", ""),
            request.POST.get("name", ""),
        )
        return JsonResponse(
            {
                "file": {
                    "code": record.code,
                    "name": record.display_name,
                    "size": filesizeformat(record.size),
                    "url": reverse("awards:download_file", args=[nomination.code, record.code]),
                },
                "message": gettext("Uploaded %(name)s.") % {"name": record.display_name},
                "more": nomination.files.filter(question_key=question["key"]).count()
                < question["max_files"],
            },
            status=201,
        )

    return _direct_upload(request, code, confirm)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def review(request, code: str):
    """Everything on one page, what still needs attention, and the submit button."""
    nomination = _nomination_for(request, code)
    if request.method == "POST":
        if request.POST.get(HONEYPOT_FIELD):
            raise PermissionDenied
        try:
            ops.submit_nomination(
                nomination,
                request.user,
                request.POST.get("submission_key"),
                contact_language=request.POST.get("contact_language", ""),
            )
        except ops.NominationClosed as exc:
            messages.error(request, str(exc))
            return redirect("awards:review", code=code)
        except ops.SubmissionIncomplete as exc:
            messages.error(request, str(exc))
            return redirect("awards:review", code=code)
        return redirect("awards:submitted", code=code)
    problems = ops.submission_problems(nomination)
    steps = spec.steps_for(spec.localised(spec.questions_for(nomination)))
    return render(
        request,
        "awards/review.html",
        {
            "nomination": nomination,
            "award": nomination.cycle.award,
            "steps": steps,
            "sections": nomination_sections(nomination),
            "problems": _problem_links(nomination, steps, problems),
            "editable": ops.can_edit(nomination, request.user),
            "deadline": nomination.cycle.deadline_for(request.user),
            "languages": language_names(),
            "honeypot_field": HONEYPOT_FIELD,
            "letters": nomination.letters.exclude(status=LetterRequest.Status.CANCELLED),
            "letters_open": letter_ops.letters_open(nomination),
        },
    )


def _problem_links(nomination, steps, problems) -> list[dict]:
    """What still needs attention, step by step: each problem links to its field on its step,
    which opens with the errors shown."""
    labels = {
        name: field.label
        for name, field in NomineeForm(award=nomination.cycle.award).fields.items()
    }
    linked = []
    for step in steps:
        found = problems.by_step.get(step.number)
        if not found:
            continue
        questions = {q["key"]: q for q in step.questions}
        url = reverse("awards:step", args=[nomination.code, step.number]) + "?check"
        items = []
        for key, messages_ in found.items():
            question = questions.get(key)
            if question is None:
                label, target = labels.get(key, ""), f"id_{key}"
            elif question["kind"] in (spec.FILE, spec.LETTERS):
                label, target = question["label"], f"q-{key}"
            else:
                label, target = question["label"], f"id_{key}"
            items.extend(
                {"label": label, "message": message, "url": f"{url}#{target}"}
                for message in messages_
            )
        linked.append({"step": step, "items": items})
    return linked


@never_cache
@login_required
@require_POST
def remind_letter(request, code: str, letter_code: str):
    """Send a letter writer a reminder, also after the nomination deadline (until letters are
    due), from the nomination's summary page."""
    nomination = _nomination_for(request, code)
    letter = get_object_or_404(nomination.letters, code=letter_code)
    try:
        letter_ops.resend_letter(letter, request.user)
        messages.success(
            request, gettext("We've reminded %(name)s.") % {"name": letter.writer_name}
        )
    except letter_ops.LetterClosed as exc:
        messages.error(request, str(exc))
    return redirect("awards:review", code=code)


@never_cache
@login_required
def submitted(request, code: str):
    nomination = _nomination_for(request, code)
    if nomination.status != Nomination.Status.SUBMITTED:
        return redirect("awards:review", code=code)
    return render(request, "awards/submitted.html", {"nomination": nomination})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, code: str):
    nomination = _nomination_for(request, code)
    if request.method == "POST":
        try:
            ops.withdraw_nomination(nomination, request.user)
        except ops.NominationClosed as exc:
            messages.error(request, str(exc))
            return redirect("awards:review", code=code)
        messages.success(request, _("The nomination was withdrawn."))
        return redirect("awards:mine")
    return render(request, "awards/withdraw.html", {"nomination": nomination})


@never_cache
@login_required
def download_file(request, code: str, file_code: str):
    nomination = _nomination_for(request, code)
    record = get_object_or_404(nomination.files, code=file_code)
    return private_file_response(record.storage_key, record.display_name)


@never_cache
@login_required
def receipt(request, code: str):
    nomination = _nomination_for(request, code)
    if nomination.status != Nomination.Status.SUBMITTED:
        raise Http404
    return private_content_response(
        receipt_pdf(nomination), f"nomination-{nomination.code}.pdf", "application/pdf"
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key=client_and_link, rate="30/h", method="POST", block=True)
def write_letter(request, token: str):
    """A letter writer's page, reached from the e-mailed link; no account needed."""
    try:
        letter = tokens.letter_from_token(token)
    except LetterRequest.DoesNotExist:
        return render(request, "awards/letter_invalid.html", status=404)
    nomination = letter.nomination
    context = {"letter": letter, "nomination": nomination, "award": nomination.cycle.award}
    if letter.status == LetterRequest.Status.RECEIVED:
        return render(request, "awards/letter_thanks.html", context)
    if not letter_ops.letters_open(nomination):
        return render(request, "awards/letter_closed.html", context)
    form = LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter_ops.submit_letter(
                letter,
                text=form.cleaned_data["letter_text"],
                upload=form.cleaned_data.get("letter_file"),
            )
            return render(request, "awards/letter_thanks.html", context)
        except UploadRejected as exc:
            form.add_error("letter_file", str(exc))
        except StorageUnavailable:
            form.add_error(
                None,
                _(
                    "We couldn't store your file just now. Please try again in a few minutes; "
                    "your text is still in the box below."
                ),
            )
        except letter_ops.LetterClosed as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "awards/letter_write.html",
        {**context, "form": form},
        status=422 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key=client_and_link, rate="30/h", method="POST", block=True)
def stop_letter_reminders(request, token: str):
    """A letter writer's "stop reminding me" page, reached from a reminder: asks to confirm
    (a link opened by a mail scanner changes nothing), then records it."""
    try:
        letter = tokens.letter_from_stop_token(token)
    except LetterRequest.DoesNotExist:
        return render(request, "awards/letter_invalid.html", status=404)
    context = {"letter": letter, "award": letter.nomination.cycle.award}
    if request.method == "POST":
        letter_ops.stop_letter_reminders(letter)
        return render(request, "awards/letter_reminders_stopped.html", context)
    return render(request, "awards/letter_reminders_stop.html", context)


def _answer_by_link(request, token, find, form_class, template, record):
    """A page reached from a signed e-mailed link: find the nomination, show the form, record."""
    try:
        nomination = find(token)
    except Nomination.DoesNotExist:
        return render(request, "awards/link_invalid.html", status=404)
    form = form_class(request.POST or None)
    context = {"nomination": nomination, "award": nomination.cycle.award, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            record(nomination, form.cleaned_data)
            return render(request, "awards/response_thanks.html", context)
        except responses.ResponseClosed as exc:
            form.add_error(None, str(exc))
    return render(request, template, context, status=422 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key=client_and_link, rate="30/h", method="POST", block=True)
def nominee_response(request, token: str):
    """The nominee confirms or declines, and adds their own section where the award asks."""
    return _answer_by_link(
        request,
        token,
        tokens.nomination_for_nominee,
        NomineeResponseForm,
        "awards/nominee_response.html",
        lambda nomination, data: responses.record_nominee_response(
            nomination, accepted=data["accept"] == "yes", statement=data["statement"]
        ),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key=client_and_link, rate="30/h", method="POST", block=True)
def guardian_consent(request, token: str):
    """A student nominee's parent or guardian gives or refuses consent to publish."""
    return _answer_by_link(
        request,
        token,
        tokens.nomination_for_guardian,
        GuardianConsentForm,
        "awards/guardian_consent.html",
        lambda nomination, data: responses.record_guardian_consent(
            nomination, consent=data["consent"] == "yes", signature=data["signature"]
        ),
    )
