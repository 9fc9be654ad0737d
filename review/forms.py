"""The forms of the review side's staff screens: one per thing a screen's buttons do."""

from django import forms

from .models import Stage


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
