"""Nothing typed is lost: every answer of every question kind, at every step, comes back from the
server exactly as typed, whichever way it was saved (autosave, "Next", "Save draft") and whether
it was valid or not, when the nomination is opened again in a second browser session.

The oracle is what was posted, read back out of the step page's HTML the way a browser shows it.
"""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from awards.domain.nominations import submit_nomination
from awards.models import Award, Question
from tests.awards.factories import NominationFactory, QuestionFactory
from tests.factories import AwardFactory, CycleFactory, SchoolFactory, UserFactory
from tests.responses import body_of

CHANNELS = ("autosave", "next", "save")
K = Question.Kind

# Printable text with no control characters and no surrounding spaces (the form strips them).
plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60
).map(str.strip)
emails = st.from_regex(r"[a-z0-9.]{1,20}@[a-z]{2,12}\.(org|example)", fullmatch=True)


@pytest.fixture
def world(db):
    """An award that asks every step-1 extra (years at the school and in the district, the
    nominee's e-mail, a parent or guardian) and a form with one question of every answer kind."""
    award = AwardFactory(
        min_years_at_school=2,
        min_years_in_district=3,
        requires_guardian_consent=True,
        nominee_notice=Award.NomineeNotice.NOTIFY,
    )
    cycle = CycleFactory(award=award)
    schools = [SchoolFactory(name=f"School {n}") for n in range(3)]
    specs = [
        ("short", K.SHORT_TEXT, {}),
        ("essay", K.LONG_TEXT, {"word_limit": 5}),
        ("colour", K.SINGLE_CHOICE, {"choices": ["Red", "Green", "Blue"]}),
        ("fruits", K.MULTIPLE_CHOICE, {"choices": ["Apple", "Pear", "Plum"]}),
        ("agree", K.ATTESTATION, {}),
        ("when", K.DATE, {}),
        ("how_many", K.NUMBER, {}),
    ]
    for order, (key, kind, extra) in enumerate(specs):
        # Two sections, so answers live on step 2 and step 3.
        section = "First things" if order < 4 else "Second things"
        QuestionFactory(cycle=cycle, key=key, kind=kind, section=section, label=key, **extra)
    return {"cycle": cycle, "schools": schools, "user": UserFactory()}


def nominee_values(schools):
    return st.fixed_dictionaries(
        {
            "nominee_first_name": plain_text,
            "nominee_last_name": plain_text,
            "nominee_email": emails,
            "nominee_role": plain_text,
            "school": st.sampled_from(schools).map(lambda school: str(school.pk)),
            "nominator_relationship": plain_text,
            # Below the award's minimum too: an ineligible answer is still kept as typed.
            "years_at_school": st.integers(0, 60).map(str),
            "years_in_district": st.integers(0, 60).map(str),
            "guardian_name": plain_text,
            "guardian_email": emails,
        }
    )


answer_values = st.fixed_dictionaries(
    {
        "short": plain_text,
        # Over the 5-word limit as often as not: kept as typed anyway.
        "essay": st.lists(plain_text.filter(lambda word: " " not in word), max_size=9).map(
            " ".join
        ),
        "colour": st.sampled_from(["Red", "Green", "Blue"]),
        "fruits": st.lists(st.sampled_from(["Apple", "Pear", "Plum"]), unique=True),
        "agree": st.sampled_from(["yes", "no"]),
        "when": st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31)).map(str),
        "how_many": st.decimals(0, 10_000, places=2).map(str),
    }
)


def shown_values(html: str) -> dict:
    """Every field's value as the browser would show it: inputs, checked boxes, selected
    options, text areas."""
    form = BeautifulSoup(html, "html.parser").find("form", id="step-form")
    values: dict[str, list[str]] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if (
            not name
            # The form's own bookkeeping, not an answer: the token, the step, the button, and
            # the saved state the page was typed over.
            or name in ("csrfmiddlewaretoken", "step", "action", "draft_version")
            or name.startswith("letter-")
        ):
            continue
        if field.name == "textarea":
            values.setdefault(name, []).append(field.text.removeprefix("\n"))
        elif field.name == "select":
            selected = field.find("option", selected=True)
            values.setdefault(name, []).append(selected["value"] if selected else "")
        elif field.get("type") in ("radio", "checkbox"):
            values.setdefault(name, [])
            if field.has_attr("checked"):
                values[name] = sorted([*values[name], field["value"]])
        else:
            values.setdefault(name, []).append(field.get("value", ""))
    return values


def post(client: Client, nomination, number: int, values: dict, channel: str):
    data = {"step": str(number), **values}
    if channel == "autosave":
        response = client.post(f"/nominations/{nomination.code}/autosave/", data)
        assert response.status_code == 200, response.content
    else:
        response = client.post(
            f"/nominations/{nomination.code}/step/{number}/", {**data, "action": channel}
        )
        assert response.status_code in (200, 302, 422)


def expected(values: dict) -> dict:
    """Posted values as `shown_values` reads them (checked boxes in the page's order)."""
    return {
        name: sorted(value) if isinstance(value, list) else [value]
        for name, value in values.items()
    }


def second_session(user) -> Client:
    # Each example starts with fresh rate-limit counters, as each test does.
    cache.clear()
    client = Client()
    client.force_login(user)
    return client


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), channel=st.sampled_from(CHANNELS))
def test_nominee_step_answers_come_back_in_a_second_session(world, data, channel):
    values = data.draw(nominee_values(world["schools"]))
    nomination = NominationFactory(cycle=world["cycle"], nominator=world["user"], school=None)
    post(second_session(world["user"]), nomination, 1, values, channel)

    response = second_session(world["user"]).get(f"/nominations/{nomination.code}/step/1/")

    assert response.status_code == 200
    assert shown_values(response.content.decode()) == expected(values)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=answer_values, channel=st.sampled_from(CHANNELS))
def test_answers_of_every_kind_come_back_in_a_second_session(world, answers, channel):
    nomination = NominationFactory(cycle=world["cycle"], nominator=world["user"])
    first = {key: answers[key] for key in ("short", "essay", "colour", "fruits")}
    second = {key: answers[key] for key in ("agree", "when", "how_many")}
    writer = second_session(world["user"])
    post(writer, nomination, 2, first, channel)
    post(writer, nomination, 3, second, channel)

    reader = second_session(world["user"])
    step2 = reader.get(f"/nominations/{nomination.code}/step/2/").content.decode()
    step3 = reader.get(f"/nominations/{nomination.code}/step/3/").content.decode()

    assert shown_values(step2) == expected(first)
    assert shown_values(step3) == expected(second)


def pdf_text(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(body_of(response))).pages)


def test_nominee_step_extras_are_shown_on_review_and_in_the_receipt(world):
    """What step 1 asked beyond the name and school reaches the review page and the receipt."""
    school = world["schools"][0]
    nomination = NominationFactory(cycle=world["cycle"], nominator=world["user"], school=school)
    client = second_session(world["user"])
    client.post(
        f"/nominations/{nomination.code}/step/1/",
        {
            "action": "next",
            "nominee_first_name": "Ada",
            "nominee_last_name": "Lovelace",
            "nominee_email": "ada@school.example",
            "nominee_role": "12th grader",
            "school": str(school.pk),
            "nominator_relationship": "Teacher",
            "years_at_school": "4",
            "years_in_district": "11",
            "guardian_name": "Annabella Milbanke",
            "guardian_email": "annabella@family.example",
        },
    )
    nomination.refresh_from_db()
    nomination.answers = {
        "short": "x",
        "essay": "one two",
        "colour": "Red",
        "fruits": ["Pear"],
        "agree": "yes",
        "when": "2020-01-01",
        "how_many": "3",
    }
    nomination.save()

    review = client.get(f"/nominations/{nomination.code}/review/").content.decode()
    submit_nomination(nomination, world["user"], nomination.submission_key)
    receipt = pdf_text(client.get(f"/nominations/{nomination.code}/receipt.pdf"))

    for shown in (review, receipt):
        assert "Annabella Milbanke" in shown
        assert "annabella@family.example" in shown
        assert "Years at the school" in shown and "4" in shown
        assert "Years in the district" in shown and "11" in shown
