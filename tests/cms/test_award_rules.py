"""An award page says who qualifies and when, from the same data the nomination form enforces:
the schools it calls eligible are exactly the form's schools, each other school says why not,
and the key dates are the cycle's own, in the foundation's time zone. A milestone typed by staff
cannot restate (and contradict) one of the cycle's dates."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from awards.forms import NomineeForm
from awards.models import Award, Cycle, SchoolLevel
from tests.factories import CycleFactory, SchoolFactory

PACIFIC = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def roster(db):
    return {
        "title_i_high": SchoolFactory(
            name="Rainier Beach High", level=SchoolLevel.HIGH, title_i=True
        ),
        "high": SchoolFactory(name="Ballard Shore High", level=SchoolLevel.HIGH, title_i=False),
        "title_i_middle": SchoolFactory(
            name="Washington Middle", level=SchoolLevel.MIDDLE, title_i=True
        ),
        "title_i_elementary": SchoolFactory(
            name="Alder Creek Elementary", level=SchoolLevel.ELEMENTARY, title_i=True
        ),
    }


@pytest.fixture
def title_i_page(make_award_page, roster, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    page = make_award_page(title="Opportunity Champion Award")
    Award.objects.filter(pk=page.award_id).update(
        eligible_school_levels=[SchoolLevel.MIDDLE, SchoolLevel.HIGH],
        title_i_only=True,
        min_years_in_district=3,
    )
    page.award.refresh_from_db()
    CycleFactory(
        award=page.award,
        opens_at=datetime.datetime(2026, 7, 1, 0, 0, tzinfo=PACIFIC),
        closes_at=datetime.datetime(2027, 6, 30, 17, 0, tzinfo=PACIFIC),
        letters_due_at=datetime.datetime(2027, 7, 14, 17, 0, tzinfo=PACIFIC),
        results_expected_on=datetime.date(2027, 9, 1),
        status=Cycle.Status.OPEN,
    )
    return page


def html_of(client, page) -> BeautifulSoup:
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def roster_rows(html) -> dict[str, str]:
    table = html.find("details", class_="roster").find("table")
    return {
        row.find("th").contents[0].strip(): row.find_all("td")[-1].text.strip()
        for row in table.find("tbody").find_all("tr")
    }


def test_page_lists_the_form_s_schools_as_eligible_and_says_why_others_are_not(
    client, title_i_page, roster
):
    rows = roster_rows(html_of(client, title_i_page))
    form_schools = {
        school.name for school in NomineeForm(award=title_i_page.award).fields["school"].queryset
    }

    assert {name for name, answer in rows.items() if answer == "Yes"} == form_schools
    assert form_schools == {"Rainier Beach High", "Washington Middle"}
    assert rows["Ballard Shore High"] == "No: Not a Title I school"
    assert rows["Alder Creek Elementary"] == "No: Elementary schools are not part of this award"


def test_page_rules_state_the_minimum_the_form_checks(client, title_i_page, user):
    rules = [
        li.text for li in html_of(client, title_i_page).find("ul", class_="rules").find_all("li")
    ]
    assert "At least 3 years in the district." in rules

    form = NomineeForm(data={"years_in_district": "2"}, award=title_i_page.award)
    form.is_valid()
    assert "at least 3 years in the district" in form.errors["years_in_district"][0]


def test_key_dates_come_from_the_cycle_in_the_foundation_time_zone(client, title_i_page):
    dates = {
        item.find(class_="timeline__label").text: item.find("time").text
        for item in html_of(client, title_i_page).select(".timeline__item")
    }

    assert dates["Nominations close"] == "Wednesday, June 30, 2027, 5:00 PM PDT"
    assert dates["Nominations open"] == "Wednesday, July 1, 2026, 12:00 AM PDT"
    assert dates["Letters of support due"] == "Wednesday, July 14, 2027, 5:00 PM PDT"
    assert dates["Results announced"] == "Wednesday, September 1, 2027"


def test_a_changed_deadline_shows_on_the_page(client, title_i_page):
    cycle = title_i_page.award.cycles.get()
    cycle.closes_at = datetime.datetime(2027, 5, 15, 12, 0, tzinfo=PACIFIC)
    cycle.save()

    labels = [t.text for t in html_of(client, title_i_page).select(".timeline__item time")]

    assert "Saturday, May 15, 2027, 12:00 PM PDT" in labels


def test_staff_milestones_are_shown_in_date_order_with_the_cycle_dates(client, title_i_page):
    title_i_page.timeline = [
        {"type": "item", "value": {"label": "Interviews", "date": "2027-07-20", "description": ""}}
    ]
    title_i_page.save_revision().publish()

    labels = [
        item.find(class_="timeline__label").text
        for item in html_of(client, title_i_page).select(".timeline__item")
    ]

    assert labels == [
        "Nominations open",
        "Nominations close",
        "Letters of support due",
        "Interviews",
        "Results announced",
    ]


@pytest.mark.parametrize(
    "label",
    [
        "Nominations close",
        "Nominations open",
        "Letters of support due",
        "Deadline",
        "Winners announced",
    ],
)
def test_a_milestone_restating_a_cycle_date_is_refused(title_i_page, label):
    title_i_page.timeline = [
        {"type": "item", "value": {"label": label, "date": "2026-10-31", "description": ""}}
    ]

    with pytest.raises(ValidationError) as refused:
        title_i_page.full_clean()

    assert "come from the award's cycle" in str(refused.value)


def test_other_milestones_are_accepted(title_i_page):
    title_i_page.timeline = [
        {
            "type": "item",
            "value": {"label": "Classroom visits", "date": "2027-02-24", "description": ""},
        }
    ]
    title_i_page.full_clean()


def test_surprise_award_says_so(client, title_i_page):
    rules = html_of(client, title_i_page).find("ul", class_="rules").text

    assert "This award is a surprise" in rules


def test_award_with_hand_off_says_the_nominee_is_told(client, title_i_page):
    Award.objects.filter(pk=title_i_page.award_id).update(
        nominee_notice=Award.NomineeNotice.NOTIFY, nominee_handoff=True
    )

    rules = html_of(client, title_i_page).find("ul", class_="rules").text

    assert "surprise" not in rules
    assert "add a short statement of their own" in rules
