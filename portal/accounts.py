"""Accounts of people who sign in by e-mailed code: nominators, letter-asking parents, anyone
who is not staff. One way in for a new and a known address alike, so the page never tells
which addresses have an account."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from .models import audit


def account_for_sign_in_code(email: str):
    """The account a sign-in code for `email` signs into: the existing one, or a new one.

    A new account has no password and an unverified address; entering the e-mailed code
    verifies it. Side effects (new address only): a User row, an EmailAddress row, an audit
    event.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).strip().lower()
    try:
        with transaction.atomic():
            user = User.objects.create_user(email)
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
            audit(None, "account.created_for_sign_in_code", user)
    except IntegrityError:
        # Someone else made it in the meantime (a double click): it is the same account.
        user = User.objects.get(email=email)
    return user


def needs_name(user) -> bool:
    """A person is asked for their name once, so the people they write to know who asks."""
    return not (user.display_name.strip() or user.get_full_name().strip())


def set_display_name(user, name: str) -> None:
    """Record the name a person gives. Side effects: the user row; an audit event."""
    with transaction.atomic():
        user.display_name = name.strip()[:150]
        user.save(update_fields=["display_name"])
        audit(user, "account.named", user)


def set_preferred_language(user, language: str) -> None:
    """The language a person reads: e-mails to them use it. Side effects: the user row."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
