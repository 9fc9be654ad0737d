"""The forms of the review side's staff screens: one per thing a screen's buttons do."""

from django import forms

from awards.models import Dossier

from .models import Assignment, Conflict, ReviewerEnrolment, Stage


class CycleActionForm(forms.Form):
    """A button of a staff screen about one cycle; subclasses add what the button sends, each
    chosen among the cycle's own rows (another cycle's row, a tampered form, is invalid)."""

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle


class RowField(forms.ModelChoiceField):
    """The id of one row among `queryset` (a hidden field the screen wrote): any other value
    is a tampered form, which the screen answers with 404, as a missing row."""

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
