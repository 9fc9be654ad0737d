"""Forms of the way in: a sign-in code for any address, and the name asked once after."""

from allauth.account.forms import (
    ConfirmEmailVerificationCodeForm,
    ConfirmLoginCodeForm,
    RequestLoginCodeForm,
)
from django import forms
from django.utils.translation import gettext_lazy as _

from .accounts import account_for_sign_in_code


class SignInCodeForm(RequestLoginCodeForm):
    """Sends a code to any address: a known one signs into its account, a new one into a new
    account made for it. Either way the same page and the same e-mail follow."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Our own words (allauth's are not in every family language).
        relabel(self.fields["email"], _("E-mail address"))

    def clean_email(self) -> str:
        email = super().clean_email()
        if email and self._user is None:
            user = account_for_sign_in_code(email)
            # A deactivated account gets no code (allauth's "no account" e-mail instead).
            self._user = user if user.is_active else None
        return email


def relabel(field, label) -> None:
    field.label = label
    field.widget.attrs["placeholder"] = label


class CodeLabelled:
    """The code field of a code form, labelled in our words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relabel(self.fields["code"], _("Code from the e-mail"))


class SignInCodeConfirmForm(CodeLabelled, ConfirmLoginCodeForm):
    pass


class EmailCodeConfirmForm(CodeLabelled, ConfirmEmailVerificationCodeForm):
    pass


class NameForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_(
            "So the people you ask for a letter of support know who is asking. "
            "It is never shown on the public site."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name
