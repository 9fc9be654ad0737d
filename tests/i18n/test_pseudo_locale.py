"""Every public and family-side page rendered in a pseudo language: any word a visitor can read
that did not come through the catalogue (English left in a template or a Python message) fails
the test. What staff wrote (award names, questions, page content) and what people typed
(names, addresses) are data, not catalogue words: here they are wrapped in «…» so they are told
apart.

Each page also records the messages it asked for; `test_catalogues.py` checks that the
catalogues of every shipped language hold them."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import trans_real

from awards.tokens import guardian_token, letter_token, nominee_token

from .pseudo import CODE, english_left, own_catalogue, readable_text


def pages(world) -> dict[str, tuple[str, object]]:
    """(address without its language prefix, who is signed in) for every family-side page."""
    draft, sent = world["draft"], world["sent"]
    nominator = world["nominator"]
    steps = 4  # the nominee and the three sections
    found = {
        "home": ("/", None),
        "award index": ("/awards/", None),
        "award page": ("/awards/leadership/", None),
        "results": ("/results/", None),
        "not found": ("/no-such-page/", None),
        "sign in": (reverse("account_login"), None),
        "sign in by code": (reverse("account_request_login_code"), None),
        "name": (reverse("account_name") + "?next=/", world["unnamed"]),
        "start, signed out": (reverse("awards:start", args=["leadership"]), None),
        "start": (reverse("awards:start", args=["leadership"]), nominator),
        "my nominations": (reverse("awards:mine"), nominator),
        "review": (reverse("awards:review", args=[draft.code]), nominator),
        "review, checked": (reverse("awards:review", args=[draft.code]) + "?check", nominator),
        "submitted": (reverse("awards:submitted", args=[sent.code]), nominator),
        "submitted, review": (reverse("awards:review", args=[sent.code]), nominator),
        "withdraw": (reverse("awards:withdraw", args=[sent.code]), nominator),
        "letter writer": (
            reverse("awards:write_letter", args=[letter_token(world["letter"])]),
            None,
        ),
        "letter link invalid": (reverse("awards:write_letter", args=["nope"]), None),
        "nominee": (reverse("awards:nominee_response", args=[nominee_token(sent)]), None),
        "guardian": (reverse("awards:guardian_consent", args=[guardian_token(sent)]), None),
        "link invalid": (reverse("awards:guardian_consent", args=["nope"]), None),
    }
    for number in range(1, steps + 1):
        url = reverse("awards:step", args=[draft.code, number])
        found[f"step {number}"] = (url, nominator)
        found[f"step {number}, checked"] = (url + "?check", nominator)
    return found


PAGE_NAMES = [
    "home",
    "award index",
    "award page",
    "results",
    "not found",
    "sign in",
    "sign in by code",
    "name",
    "start, signed out",
    "start",
    "my nominations",
    "review",
    "review, checked",
    "submitted",
    "submitted, review",
    "withdraw",
    "letter writer",
    "letter link invalid",
    "nominee",
    "guardian",
    "link invalid",
    *[f"step {n}" for n in range(1, 5)],
    *[f"step {n}, checked" for n in range(1, 5)],
]


def untranslated(html: str, data: set[str]) -> list[str]:
    return english_left(readable_text(html), data)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_untranslated_words(client, pseudo, world, name):
    path, who = pages(world)[name]
    if who is not None:
        client.force_login(who)

    response = client.get(f"/{CODE}{path}", follow=True)

    assert response.status_code in (200, 404), (name, response.status_code)
    html = response.content.decode()
    assert f'<html lang="{CODE}"' in html
    leaks = untranslated(html, world["data"])
    assert leaks == [], "\n".join(leaks)


@pytest.mark.parametrize("language", [c for c, _ in settings.LANGUAGES if c != "en"])
def test_every_message_a_family_page_asks_for_is_translated(client, pseudo, world, language):
    """The pseudo language records each message a page asks for; each must be in the project's
    catalogue for `language`, or in a catalogue Django or a library ships for it (allauth's
    Spanish, say; nothing ships Somali)."""
    for name in PAGE_NAMES:
        path, who = pages(world)[name]
        client.logout()
        if who is not None:
            client.force_login(who)
        client.get(f"/{CODE}{path}", follow=True)
    ours = own_catalogue(language)
    shipped = trans_real.DjangoTranslation(language)

    missing = sorted(
        message
        for message in pseudo.asked
        if message not in ours and shipped.gettext(message) == message
    )

    assert missing == [], "\n".join(message.replace("\x04", " | ") for message in missing)
