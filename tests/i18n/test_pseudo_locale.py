"""Every public and family-side page rendered in a pseudo language: any word a visitor can read
that did not come through the catalogue (English left in a template or a Python message) fails
the test. What staff wrote (award names, questions, page content) and what people typed
(names, addresses) are data, not catalogue words: here they are wrapped in «…» so they are told
apart.

Each page also records the messages it asked for; `test_catalogues.py` checks that the
catalogues of every shipped language hold them."""

import re
import subprocess
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import trans_real
from wagtail.models import Page, Site

from awards.domain.letters import letter_token
from awards.domain.nominations import submit_nomination
from awards.domain.responses import guardian_token, nominee_token
from awards.models import Award, NomineeCategory, Question, SchoolLevel
from cms.models import AwardIndexPage, AwardPage, FoundationSettings, HomePage, ResultsPage
from tests.awards.factories import LetterRequestFactory, NominationFactory, QuestionFactory
from tests.factories import AwardFactory, CycleFactory, SchoolFactory, UserFactory

from .pseudo import CLOSE, CODE, OPEN, PseudoTranslation

DATA = re.compile(r"«[^»]*»")
PSEUDO = re.compile(re.escape(OPEN) + r".*?" + re.escape(CLOSE), flags=re.S)
# A message with markup inside (a link in a sentence) spans several text nodes: its first node
# opens the bracket, its last closes it, and the ones between carry its accented letters.
PSEUDO_START = re.compile(re.escape(OPEN) + r".*$", flags=re.S)
PSEUDO_END = re.compile(r"^.*?" + re.escape(CLOSE), flags=re.S)
PSEUDO_LETTERS = re.compile("[áéíóúÁÉÍÓÚçñýÇÑÝ]")
# Time zone abbreviations (the "T" date letter) are not words of any catalogue.
ZONES = re.compile(r"\b(PST|PDT|UTC|GMT)\b")
URLS = re.compile(r"https?://\S+")
VISIBLE_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


@pytest.fixture
def pseudo(settings, tmp_path):
    """The pseudo language, known to Django (an empty compiled catalogue makes it a language
    Django accepts in a URL) and active under /qps/."""
    folder = tmp_path / "locale" / CODE / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
    )
    subprocess.run(  # noqa: S603 - a fixed program on a file this test wrote
        ["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")],  # noqa: S607
        check=True,
    )
    settings.LANGUAGES = [*settings.LANGUAGES, (CODE, "Pseudo")]
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path / "locale"]
    pseudo = PseudoTranslation()
    trans_real._translations[CODE] = pseudo
    yield pseudo
    trans_real._translations.pop(CODE, None)
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db, home_page):
    """A foundation whose every staff-written and typed word is marked as data."""
    site = Site.objects.get(is_default_site=True)
    foundation = FoundationSettings.for_site(site)
    foundation.foundation_name = "«Foundation»"
    foundation.contact_email = "awards@foundation.example"
    foundation.save()
    Page.objects.filter(pk=home_page.pk).update(title="«Home»")
    HomePage.objects.filter(pk=home_page.pk).update(
        hero_heading="«Celebrating teachers»", intro="«Nominate someone.»"
    )
    school = SchoolFactory(name="«Lakeside High»", level=SchoolLevel.HIGH, title_i=True)
    SchoolFactory(name="«Bayview Elementary»", level=SchoolLevel.ELEMENTARY, title_i=False)
    award = AwardFactory(
        name="«Leadership Award»",
        slug="leadership",
        description="«For leaders.»",
        category=NomineeCategory.STUDENT,
        eligible_school_levels=[SchoolLevel.HIGH],
        title_i_only=True,
        min_years_at_school=1,
        min_years_in_district=2,
        requires_guardian_consent=True,
        nominee_notice=Award.NomineeNotice.NOTIFY,
        nominee_handoff=True,
    )
    cycle = CycleFactory(
        award=award,
        name="«2026-27»",
        letters_due_at=timezone.now() + timedelta(days=40),
        results_expected_on=(timezone.now() + timedelta(days=90)).date(),
    )
    kinds = [
        (Question.Kind.ATTESTATION, "«First»", {"if_no_message": "«Not eligible.»"}),
        (Question.Kind.LONG_TEXT, "«First»", {"word_limit": 50}),
        (Question.Kind.SHORT_TEXT, "«Second»", {}),
        (Question.Kind.SINGLE_CHOICE, "«Second»", {"choices": ["«Red»", "«Blue»"]}),
        (Question.Kind.MULTIPLE_CHOICE, "«Second»", {"choices": ["«Apple»", "«Pear»"]}),
        (Question.Kind.DATE, "«Second»", {}),
        (Question.Kind.NUMBER, "«Second»", {}),
        (Question.Kind.FILE, "«Third»", {"allowed_file_types": ["pdf"], "required": False}),
        (Question.Kind.LETTERS, "«Third»", {"min_letters": 1, "max_letters": 2}),
    ]
    for number, (kind, section, extra) in enumerate(kinds):
        QuestionFactory(
            cycle=cycle,
            key=f"q{number}",
            kind=kind,
            section=section,
            label=f"«Question {number}»",
            help_text=f"«Help {number}»",
            **extra,
        )
    nominator = UserFactory(verified=True, display_name="«Pat Parent»")
    people = {
        "nominee_first_name": "«Ada»",
        "nominee_last_name": "«Lovelace»",
        "nominee_email": "ada@school.example",
        "nominee_role": "«12th grader»",
        "nominator_relationship": "«Teacher»",
        "years_at_school": 3,
        "years_in_district": 5,
        "guardian_name": "«Anna»",
        "guardian_email": "anna@family.example",
    }
    draft = NominationFactory(cycle=cycle, nominator=nominator, school=school, **people)
    sent = NominationFactory(
        cycle=cycle,
        nominator=nominator,
        school=school,
        answers={
            "q0": "yes",
            "q1": "«Essay»",
            "q2": "«Short»",
            "q3": "«Red»",
            "q4": ["«Pear»"],
            "q5": "2020-01-01",
            "q6": "3",
        },
        **people,
    )
    LetterRequestFactory(nomination=sent, question_key="q8", writer_name="«Grace»")
    submit_nomination(sent, nominator, sent.submission_key)
    sent.refresh_from_db()
    letter = LetterRequestFactory(nomination=draft, question_key="q8", writer_name="«Grace»")

    index = home_page.add_child(instance=AwardIndexPage(title="«Awards»", slug="awards"))
    index.add_child(
        instance=AwardPage(
            title="«Leadership Award»", slug="leadership", award=award, summary="«Sum»"
        )
    )
    home_page.add_child(instance=ResultsPage(title="«Results»", slug="results", cycle=cycle))
    unnamed = UserFactory(verified=True, display_name="")
    return {
        "award": award,
        "draft": draft,
        "sent": sent,
        "letter": letter,
        "nominator": nominator,
        "unnamed": unnamed,
        "data": {
            draft.code,
            sent.code,
            nominator.email,
            unnamed.email,
            "ada@school.example",
            "anna@family.example",
            "awards@foundation.example",
            letter.writer_email,
        },
    }


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


def readable_text(html: str) -> list[str]:
    """Every piece of text a visitor can read or hear: text nodes, the title, and the
    attributes screen readers and browsers show. The language switcher names each language in
    itself, by design."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template"]):
        hidden.decompose()
    for switcher in soup.select("nav.languages"):
        switcher.decompose()
    texts = [soup.title.get_text()] if soup.title else []
    body = soup.body or soup
    texts += [str(text) for text in body.find_all(string=True)]
    for tag in body.find_all(True):
        texts += [tag[name] for name in VISIBLE_ATTRIBUTES if tag.has_attr(name)]
        if tag.name == "input" and tag.get("type") in ("submit", "button"):
            texts.append(tag.get("value", ""))
    return [text for text in texts if text.strip()]


def untranslated(html: str, data: set[str]) -> list[str]:
    leaks = []
    for text in readable_text(html):
        rest = DATA.sub(" ", text)
        rest = PSEUDO.sub(" ", rest)
        rest = PSEUDO_END.sub(" ", PSEUDO_START.sub(" ", rest))
        if PSEUDO_LETTERS.search(rest):
            continue
        rest = URLS.sub(" ", rest)
        rest = ZONES.sub(" ", rest)
        for token in data:
            rest = rest.replace(token, " ")
        if re.search(r"[A-Za-z]{2,}", rest):
            leaks.append(" ".join(text.split()))
    return leaks


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
