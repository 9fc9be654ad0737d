"""The forms of the review side's staff screens: one per thing a screen's buttons do."""

import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from awards.exports import foundation_time_zone
from awards.models import Cycle, Dossier, Nomination

from .domain.broadcasts import PLACEHOLDERS as BROADCAST_PLACEHOLDERS
from .domain.broadcasts import Audience, Selection, audience
from .domain.ranking import compute_ranking
from .models import Assignment, Conflict, Decision, Finalist, ReviewerEnrolment, Stage
from .queries import candidate_labels


class CycleActionForm(forms.Form):
    """A button of a staff screen about one cycle; subclasses add what the button sends, each
    chosen among the cycle's own rows (another cycle's row, a tampered form, is invalid)."""

    def __init__(self, cycle, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.user = user


class RowField(forms.ModelChoiceField):
    """The id of one row among `queryset` (a hidden field the screen wrote): any other value
    (`MISSING`) is a tampered form, which the screen answers with 404, as a missing row."""

    MISSING = ("required", "invalid_choice")
    widget = forms.HiddenInput


class InviteForm(CycleActionForm):
    """Reviewers to invite to the cycle: addresses one per line (or separated by commas), the
    most candidates each will review, and the stage they join (the first unless the finalist
    round is chosen)."""

    emails = forms.CharField(required=False, strip=False)
    capacity = forms.CharField(required=False)
    stage = forms.CharField(required=False)

    def clean_capacity(self) -> int:
        if "capacity" not in self.data:
            return 10
        raw = self.cleaned_data["capacity"]
        if not (raw.isdigit() and 0 < int(raw) < 1000):
            raise forms.ValidationError("Capacity must be a whole number from 1 to 999.")
        return int(raw)

    def clean_stage(self) -> str:
        return (
            self.cleaned_data["stage"]
            if self.cleaned_data["stage"] in Stage.values
            else Stage.FIRST
        )

    def addresses(self) -> list[str]:
        return self.cleaned_data["emails"].replace(",", "\n").splitlines()


class AssignForm(CycleActionForm):
    """How many reviewers each candidate gets (1 to 10; otherwise the cycle's setting), and
    whether to write what can be written when not every candidate can get them."""

    reviewers_per_candidate = forms.CharField(required=False)
    allow_partial = forms.BooleanField(required=False)

    def clean_reviewers_per_candidate(self) -> int | None:
        asked = self.cleaned_data["reviewers_per_candidate"]
        return int(asked) if asked.isdigit() and 1 <= int(asked) <= 10 else None


class ReviewerField(forms.Field):
    """A reviewer enrolled in the cycle's first stage, typed as their e-mail address (any
    case); the enrolment is the value."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        self.queryset = ReviewerEnrolment.objects.none()

    def to_python(self, value):
        email = str(value or "").strip()
        found = self.queryset.filter(reviewer__email__iexact=email).first()
        if found is None:
            raise forms.ValidationError(f"No reviewer with the e-mail “{email}” is enrolled.")
        return found


def live_assignments(cycle):
    return Assignment.objects.filter(enrolment__cycle=cycle, removed_at__isnull=True)


def first_stage_reviewers(cycle):
    return ReviewerEnrolment.objects.filter(cycle=cycle, stage=Stage.FIRST).select_related(
        "reviewer"
    )


class ReplacementForm(CycleActionForm):
    """Which candidate short of reviewers to give replacements (one of this cycle's)."""

    dossier = forms.ModelChoiceField(queryset=Dossier.objects.none())

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(cycle, *args, **kwargs)
        self.fields["dossier"].queryset = Dossier.objects.filter(cycle=cycle)


class RemoveAssignmentForm(CycleActionForm):
    """One of the cycle's current assignments, to end."""

    assignment = RowField(queryset=Assignment.objects.none())

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(cycle, *args, **kwargs)
        self.fields["assignment"].queryset = live_assignments(cycle)


class SwapAssignmentForm(RemoveAssignmentForm):
    """One of the cycle's current assignments, and the reviewer to take it over."""

    reviewer = ReviewerField()

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(cycle, *args, **kwargs)
        self.fields["reviewer"].queryset = first_stage_reviewers(cycle)


class AddAssignmentForm(CycleActionForm):
    """A candidate of the cycle and a reviewer to give it to."""

    dossier = RowField(queryset=Dossier.objects.none())
    reviewer = ReviewerField()

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(cycle, *args, **kwargs)
        self.fields["dossier"].queryset = cycle.dossiers.all()
        self.fields["reviewer"].queryset = first_stage_reviewers(cycle)


class DismissDetectedConflictForm(CycleActionForm):
    """A detected conflict to dismiss: the reviewer's enrolment and the candidate."""

    enrolment = RowField(queryset=ReviewerEnrolment.objects.none())
    dossier = RowField(queryset=Dossier.objects.none())

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(cycle, *args, **kwargs)
        self.fields["enrolment"].queryset = ReviewerEnrolment.objects.filter(cycle=cycle)
        self.fields["dossier"].queryset = cycle.dossiers.all()


class RecordedConflictForm(CycleActionForm):
    """A conflict recorded in the cycle (`sources`: of those sources only, if given)."""

    sources: tuple[str, ...] = ()

    conflict = RowField(queryset=Conflict.objects.none())

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(cycle, *args, **kwargs)
        conflicts = Conflict.objects.filter(enrolment__cycle=cycle)
        if self.sources:
            conflicts = conflicts.filter(source__in=self.sources)
        self.fields["conflict"].queryset = conflicts


class DeclaredConflictForm(RecordedConflictForm):
    """A conflict a reviewer declared in the cycle, to undo."""

    sources = (Conflict.Source.DECLARED,)


def choosable_images(user):
    """Images this staff member may pick for a winner (Wagtail's collection permissions)."""
    policy = policy_registry.get_by_type(get_image_model())
    return policy.instances_user_has_any_permission_for(user, ["choose"])


class PhotoField(RowField):
    """An image of the library the staff member may choose, by id; none when left empty."""

    def __init__(self, **kwargs):
        super().__init__(queryset=get_image_model().objects.none(), required=False, **kwargs)

    def to_python(self, value):
        value = str(value or "").strip()
        if value and not value.isdigit():
            raise forms.ValidationError("Choose the photo from the image library.", code="photo")
        return super().to_python(value)


class DecisionForm(CycleActionForm):
    """The committee's decision on one candidate of the cycle. The photo comes from the image
    chooser of the candidate's row (`decision-<candidate id>-photo`); a public name or caption
    left out of the form (rather than emptied) is kept as it is."""

    dossier = RowField(queryset=Dossier.objects.none())
    outcome = forms.CharField(required=False, strip=False)
    amount = forms.CharField(required=False)
    citation = forms.CharField(required=False, strip=False)
    student_display = forms.CharField(required=False)
    public_name = forms.CharField(required=False, strip=False)
    photo_caption = forms.CharField(required=False, strip=False)

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(cycle, *args, **kwargs)
        self.fields["dossier"].queryset = cycle.dossiers.all()
        self.photo_field_name = f"decision-{self.data.get('dossier', '')}-photo"
        self.fields[self.photo_field_name] = PhotoField()
        self.fields[self.photo_field_name].queryset = choosable_images(self.user)

    def clean_amount(self) -> Decimal | None:
        raw = self.cleaned_data["amount"].replace(",", "")
        try:
            return Decimal(raw) if raw else None
        except InvalidOperation:
            raise forms.ValidationError("Give the amount as a number, for example 1500.") from None

    def clean_student_display(self) -> str:
        return self.cleaned_data["student_display"] or Decision.StudentDisplay.ANONYMOUS

    def clean_public_name(self) -> str | None:
        return self.cleaned_data["public_name"] if "public_name" in self.data else None

    def clean_photo_caption(self) -> str | None:
        return self.cleaned_data["photo_caption"] if "photo_caption" in self.data else None

    def decision(self) -> dict:
        """What `record_decision` takes besides the cycle, the candidate and the user."""
        data = self.cleaned_data
        return {
            "photo": data[self.photo_field_name],
            "outcome": data["outcome"],
            "amount": data["amount"],
            "citation": data["citation"],
            "student_display": data["student_display"],
            "public_name": data["public_name"],
            "photo_caption": data["photo_caption"],
        }


def parsed_time(raw: str):
    """A date and time as the admin's inputs send it, or None."""
    try:
        return parse_datetime(raw.strip())
    except ValueError:
        return None


class RequestPublicationForm(CycleActionForm):
    """When the results go live (typed as the foundation's local time, whatever time zone this
    staff member chose for their own admin screens; empty: at once), and why, if before the
    nominations close."""

    publish_at = forms.CharField(required=False)
    early_reason = forms.CharField(required=False, strip=False)

    def clean_publish_at(self):
        raw = self.cleaned_data["publish_at"]
        if not raw:
            return None
        parsed = parsed_time(raw)
        if parsed is None:
            raise forms.ValidationError("Give the publishing time as date and time.")
        if timezone.is_naive(parsed):
            return timezone.make_aware(parsed, foundation_time_zone())
        return parsed


class ApprovePublicationForm(CycleActionForm):
    """The approval names the request it was read with (see approve_publication)."""

    request = forms.CharField(required=False)

    def clean_request(self):
        requested_at = parsed_time(self.cleaned_data["request"])
        if requested_at is None:
            raise forms.ValidationError("Open the committee screen again, read it, then approve.")
        return requested_at


CANDIDATES_LISTED = 200


def candidate_choices(cycle, query: str = "") -> tuple[list[tuple[str, str]], int]:
    """The cycle's candidates as (candidate code, label) for a staff list, by nominee name, with
    the codes of their nominations as the Nominations list shows them. Narrowed by `query`
    (every word in a nominee's name, or a nomination or candidate code); at most
    CANDIDATES_LISTED, with how many matched."""
    submitted = Nomination.objects.filter(dossier__cycle=cycle, status=Nomination.Status.SUBMITTED)
    matching = submitted
    for term in query.split():
        matching = matching.filter(
            Q(nominee_first_name__icontains=term)
            | Q(nominee_last_name__icontains=term)
            | Q(code__iexact=term)
            | Q(dossier__code__iexact=term)
        )
    dossier_ids = matching.values("dossier_id")
    total = Dossier.objects.filter(pk__in=dossier_ids).count()
    rows = (
        submitted.filter(dossier_id__in=dossier_ids)
        .order_by("nominee_last_name", "nominee_first_name", "dossier_id", "submitted_at", "pk")
        .values_list(
            "dossier__code", "nominee_first_name", "nominee_last_name", "school__name", "code"
        )
    )
    names: dict[str, str] = {}
    codes: dict[str, list[str]] = {}
    for dossier_code, first, last, school, code in rows:
        if dossier_code not in names:
            if len(names) == CANDIDATES_LISTED:
                continue
            names[dossier_code] = f"{first} {last} ({school or 'no school'})"
        codes.setdefault(dossier_code, []).append(code)
    return [
        (
            dossier_code,
            f"{name}: nomination{'s' if len(codes[dossier_code]) > 1 else ''} "
            + ", ".join(codes[dossier_code]),
        )
        for dossier_code, name in names.items()
    ], total


class CandidateField(forms.ModelChoiceField):
    """A candidate of the cycle, chosen from the list. The code of any of its nominations (as
    the Nominations list shows it) is accepted as well as the candidate's own."""

    def to_python(self, value):
        value = str(value or "").strip().lower()
        if value in self.empty_values:
            return None
        found = self.queryset.filter(Q(code=value) | Q(nominations__code=value)).distinct().first()
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


class RecordConflictForm(forms.Form):
    """Staff record a conflict: a reviewer enrolled in the cycle, a candidate from the list."""

    enrolment = forms.ModelChoiceField(
        queryset=ReviewerEnrolment.objects.none(), label="Reviewer", empty_label=None
    )
    candidate = CandidateField(
        queryset=Dossier.objects.none(),
        label="Candidate",
        help_text="Nominee's name and school, then the codes of their nominations as the "
        "Nominations list shows them.",
        error_messages={
            "invalid_choice": "Choose the candidate from the list: no candidate in this cycle "
            "has that code.",
            "required": "Choose the candidate from the list.",
        },
        widget=forms.Select(
            attrs={"size": 10, "aria-describedby": "candidate-help", "style": "min-width: 30em"}
        ),
    )
    reason = forms.CharField(max_length=300, label="Reason")

    def __init__(self, cycle, *args, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = ReviewerEnrolment.objects.filter(
            cycle=cycle, status=ReviewerEnrolment.Status.ACTIVE
        ).select_related("reviewer")
        self.fields["enrolment"].label_from_instance = lambda enrolment: enrolment.reviewer.email
        self.fields["candidate"].queryset = cycle.dossiers.all()
        # The list shows the candidates found; any candidate of the cycle is accepted.
        choices, self.candidates_found = candidate_choices(cycle, query)
        self.fields["candidate"].widget.choices = choices
        self.candidates_listed = len(choices)


# How far down the ranking staff pick finalists from (current finalists are always listed).
FINALIST_CHOICES = 50


class FinalistsForm(CycleActionForm):
    """The finalists, ticked among the top of the first stage's ranking (the current finalists
    are listed too, wherever they rank now, and start ticked); the value is their candidate ids.
    """

    finalists = forms.MultipleChoiceField(
        label="Finalists", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(cycle, *args, **kwargs)
        ranking = compute_ranking(cycle, limit=FINALIST_CHOICES)
        chosen = set(Finalist.objects.filter(cycle=cycle).values_list("dossier_id", flat=True))
        listed = [entry.dossier_id for entry in ranking.entries]
        listed += sorted(chosen - set(listed))
        labels = candidate_labels(listed)
        ranks = {entry.dossier_id: entry for entry in ranking.entries}
        self.fields["finalists"].choices = [
            (
                str(pk),
                f"{ranks[pk].rank}. {labels.get(pk, '')}: {ranks[pk].normalised:.2f}"
                if pk in ranks
                else f"{labels.get(pk, '')} (not in the top {FINALIST_CHOICES})",
            )
            for pk in listed
        ]
        self.fields["finalists"].initial = [str(pk) for pk in sorted(chosen)]

    def clean_finalists(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["finalists"]]


def new_sending_key() -> str:
    return uuid.uuid4().hex[:16]


class MessageForm(forms.Form):
    """One message staff write to many people; `sending_key`, made when the form is shown,
    makes a double submit send once."""

    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea,
        label="Text",
        help_text="Placeholders: "
        + ", ".join(f"{{{{ {name} }}}}" for name in BROADCAST_PLACEHOLDERS),
    )
    sending_key = forms.CharField(widget=forms.HiddenInput, initial=new_sending_key)


class BroadcastForm(CycleActionForm, MessageForm):
    """One message to a selection of the cycle's people."""

    selection = forms.ChoiceField(choices=Selection.choices, label="To")
    field_order = ["selection", "subject", "body"]

    def audience(self) -> Audience:
        return audience(self.cycle, self.cleaned_data["selection"])


class PreviewChoiceForm(forms.Form):
    """Which cycle's people and which language the e-mail preview is written for."""

    cycle = forms.ModelChoiceField(
        queryset=Cycle.objects.select_related("award").order_by("-opens_at"),
        required=False,
        empty_label=None,
    )
    language = forms.ChoiceField(choices=lambda: list(settings.LANGUAGES), required=False)
