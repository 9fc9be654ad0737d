"""The forms of the review side's staff screens: one per thing a screen's buttons do."""

from django import forms


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
