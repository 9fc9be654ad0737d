"""The staff's reach report: every figure on a small world whose numbers are counted by hand
below, the schools no one nominated from, who may open it, its query count and its CSV."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import LetterRequest, Nomination
from awards.reports import reach_report, scope_for
from tests.awards.factories import LetterRequestFactory, NominationFactory
from tests.factories import AwardFactory, CycleFactory, SchoolFactory, UserFactory

LOCAL = ZoneInfo("America/Los_Angeles")
CLOSES = datetime(2026, 11, 20, 17, 0, tzinfo=LOCAL)
URL = "/admin/reports/reach/"


def submitted(cycle, school, *, language, on_phone, days_before=0, **fields):
    return NominationFactory(
        cycle=cycle,
        school=school,
        status=Nomination.Status.SUBMITTED,
        language=language,
        started_on_phone=on_phone,
        submitted_at=cycle.closes_at - timedelta(days=days_before, hours=1),
        **fields,
    )


@pytest.fixture
def world(db):
    """Two awards' 2026-27 cycles and an older cycle; four active schools and a closed one.

    2026-27, Curiosity Prize (closes 20 Nov): North High twice (Spanish on a phone, eligible,
    two days early, one letter in and one due; English on a computer, unchecked, on the day,
    one letter due and one cancelled), South Elementary once (Somali on a phone, ineligible,
    two days early), and a draft for East Middle started on a phone.
    2026-27, Leadership Award (closes 23 Nov): South Elementary (Spanish, device not recorded,
    eligible, five days early), and a withdrawn nomination for West K-8 (computer).
    2025-26, Curiosity Prize: West K-8 (English, device not recorded).
    """
    schools = {
        "north": SchoolFactory(name="North High", code="N-1", level="high", title_i=True),
        "south": SchoolFactory(name="South Elementary", code="S-1", level="elementary"),
        "east": SchoolFactory(name="East Middle", code="E-1", level="middle", title_i=True),
        "west": SchoolFactory(name="West K-8", code="W-1", level="k8"),
        "closed": SchoolFactory(name="Closed Academy", code="C-1", active=False),
    }
    curiosity = AwardFactory(name="Curiosity Prize")
    leadership = AwardFactory(name="Leadership Award")
    opens = CLOSES - timedelta(days=40)
    this_year = CycleFactory(award=curiosity, name="2026-27", opens_at=opens, closes_at=CLOSES)
    other_award = CycleFactory(
        award=leadership, name="2026-27", opens_at=opens, closes_at=CLOSES + timedelta(days=3)
    )
    last_year = CycleFactory(
        award=curiosity,
        name="2025-26",
        opens_at=opens - timedelta(days=365),
        closes_at=CLOSES - timedelta(days=365),
        status="closed",
    )
    eligible, ineligible = Nomination.Eligibility.ELIGIBLE, Nomination.Eligibility.INELIGIBLE
    first = submitted(
        this_year,
        schools["north"],
        language="es",
        on_phone=True,
        days_before=2,
        eligibility=eligible,
    )
    second = submitted(this_year, schools["north"], language="en", on_phone=False)
    submitted(
        this_year,
        schools["south"],
        language="so",
        on_phone=True,
        days_before=2,
        eligibility=ineligible,
    )
    NominationFactory(cycle=this_year, school=schools["east"], started_on_phone=True)
    submitted(
        other_award,
        schools["south"],
        language="es",
        on_phone=None,
        days_before=5,
        eligibility=eligible,
    )
    NominationFactory(
        cycle=other_award,
        school=schools["west"],
        status=Nomination.Status.WITHDRAWN,
        language="en",
        started_on_phone=False,
    )
    submitted(last_year, schools["west"], language="en", on_phone=None)
    LetterRequestFactory(nomination=first, status=LetterRequest.Status.RECEIVED)
    LetterRequestFactory(nomination=first)
    LetterRequestFactory(nomination=second)
    LetterRequestFactory(nomination=second, status=LetterRequest.Status.CANCELLED)
    return {"schools": schools, "this_year": this_year, "last_year": last_year}


def year_report():
    return reach_report(scope_for("year:2026-27"))


# The figures --------------------------------------------------------------------------------------


def test_reach_report_counts_nominations_by_status_and_award(world):
    report = year_report()

    assert (report.started, report.submitted, report.drafts, report.withdrawn) == (6, 4, 1, 1)
    assert [(r.award, r.submitted, r.drafts, r.withdrawn) for r in report.by_award] == [
        ("Curiosity Prize", 3, 1, 0),
        ("Leadership Award", 1, 0, 1),
    ]


def test_reach_report_counts_submitted_nominations_by_school_title_i_and_level(world):
    report = year_report()

    assert [(r.name, r.level, r.title_i, r.submitted) for r in report.by_school] == [
        ("North High", "High", True, 2),
        ("South Elementary", "Elementary", False, 2),
    ]
    assert [(s.label, s.count, s.percent) for s in report.by_title_i] == [
        ("Title I", 2, 50),
        ("Not Title I", 2, 50),
    ]
    assert [(s.label, s.count) for s in report.by_level] == [
        ("Elementary", 2),
        ("K-8", 0),
        ("Middle", 0),
        ("High", 2),
    ]


def test_reach_report_lists_active_schools_without_a_submitted_nomination(world):
    report = year_report()

    # East has only a draft, West only a withdrawn nomination; the closed school is not listed.
    assert [(s.name, s.level, s.title_i, s.drafts) for s in report.unreached] == [
        ("East Middle", "Middle", True, 1),
        ("West K-8", "K-8", False, 0),
    ]
    assert (report.reached, report.roster_size) == (2, 4)


def test_reach_report_across_every_cycle_counts_last_years_nominations_too(world):
    report = reach_report(scope_for("all"))

    assert [s.name for s in report.unreached] == ["East Middle"]
    assert (report.started, report.submitted) == (7, 5)


def test_reach_report_leaves_out_schools_the_award_is_not_open_to(world):
    curiosity = world["this_year"].award
    curiosity.eligible_school_levels = ["middle", "high"]
    curiosity.title_i_only = True
    curiosity.save()

    report = reach_report(scope_for(f"cycle:{world['this_year'].pk}"))

    # Only North High and East Middle (Title I, middle or high) could be nominated; North was.
    assert [s.name for s in report.unreached] == ["East Middle"]
    assert (report.reached, report.roster_size) == (1, 2)


def test_reach_report_of_a_year_counts_a_school_any_of_its_awards_is_open_to(world):
    curiosity = world["this_year"].award
    curiosity.eligible_school_levels = ["high"]
    curiosity.save()

    report = year_report()

    # The Leadership Award is open to every school, so the roster is the whole roster.
    assert [s.name for s in report.unreached] == ["East Middle", "West K-8"]
    assert report.roster_size == 4


def test_reach_report_of_one_cycle_leaves_the_other_awards_out(world):
    report = reach_report(scope_for(f"cycle:{world['this_year'].pk}"))

    assert [r.award for r in report.by_award] == ["Curiosity Prize"]
    assert [s.name for s in report.unreached] == ["East Middle", "West K-8"]
    assert [(day.day.isoformat(), day.submitted) for day in report.intake] == [
        ("2026-11-18", 2),
        ("2026-11-19", 0),
        ("2026-11-20", 1),
    ]


def test_reach_report_intake_counts_days_to_each_cycles_own_deadline(world):
    report = year_report()

    assert [(d.days_to_deadline, d.submitted, d.running_total) for d in report.intake] == [
        (-5, 1, 1),
        (-4, 0, 1),
        (-3, 0, 1),
        (-2, 2, 3),
        (-1, 0, 3),
        (0, 1, 4),
    ]
    assert {day.day for day in report.intake} == {None}  # two deadlines: no one calendar


def test_reach_report_counts_the_foundations_days_whatever_zone_staff_chose(db):
    cycle = CycleFactory(opens_at=CLOSES - timedelta(days=60), closes_at=CLOSES)
    # 06:00 on the deadline's day in the foundation's zone (17:00 that day is the deadline):
    # in Tokyo, where a staff member may have set their admin's time zone, it is 23:00 and the
    # deadline falls on the next day there.
    NominationFactory(
        cycle=cycle,
        school=SchoolFactory(),
        status=Nomination.Status.SUBMITTED,
        submitted_at=datetime(2026, 11, 20, 6, 0, tzinfo=LOCAL),
    )

    with timezone.override(ZoneInfo("Asia/Tokyo")):
        report = reach_report(scope_for(f"cycle:{cycle.pk}"))

    assert [(day.days_to_deadline, day.submitted) for day in report.intake] == [(0, 1)]


def test_reach_report_letters_still_due_leave_cancelled_letters_out(world):
    report = year_report()

    assert [
        (r.award, r.asked, r.received, r.still_due, r.nominations_waiting) for r in report.letters
    ] == [("Curiosity Prize", 3, 1, 2, 2)]
    assert report.letters_still_due == 2


def test_reach_report_eligibility_outcomes_by_award(world):
    report = year_report()

    assert [(r.award, r.pending, r.eligible, r.ineligible) for r in report.eligibility] == [
        ("Curiosity Prize", 1, 1, 1),
        ("Leadership Award", 0, 1, 0),
    ]


def test_reach_report_phone_share_is_of_nominations_whose_device_is_known(world):
    report = year_report()

    assert [(s.label, s.count, s.percent) for s in report.devices] == [
        ("Phone", 3, 60),
        ("Computer or tablet", 2, 40),
        ("Not recorded", 1, 0),
    ]


def test_reach_report_languages_of_submitted_nominations(world):
    report = year_report()

    assert [(s.label, s.count, s.percent) for s in report.languages] == [
        ("Spanish", 2, 50),
        ("English", 1, 25),
        ("Somali", 1, 25),
    ]


def test_reach_report_of_a_cycle_that_does_not_exist_is_not_found(world, client):
    client.force_login(UserFactory(staff=True))

    for value in ("cycle:987654", "year:1999-00", "nonsense"):
        assert client.get(URL, {"cycles": value}).status_code == 404


# The page -----------------------------------------------------------------------------------------


def test_reach_report_page_shows_schools_without_a_nomination_and_charts_with_tables(world, client):
    client.force_login(UserFactory(staff=True))

    response = client.get(URL, {"cycles": "year:2026-27"})

    assert response.status_code == 200
    html = response.content.decode()
    unreached = html[html.index('id="unreached-heading"') : html.index('id="awards-heading"')]
    assert "East Middle" in unreached
    assert "West K-8" in unreached
    assert "North High" not in unreached
    assert "South Elementary" not in unreached
    assert html.count('role="img"') == 9
    assert html.count("<title id=") == 9
    assert html.count('<table class="listing reach-table"') == 10
    assert "https://" not in html.split('id="unreached-heading"')[1]  # no outside chart service


def test_reach_report_is_in_the_reports_menu_for_staff_only(world, client):
    staff = UserFactory(staff=True)
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    for person, shown in ((staff, True), (editor, False)):
        client.force_login(person)
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (URL in home) is shown


# Who may see it -----------------------------------------------------------------------------------


def test_reach_report_sends_anonymous_visitors_to_sign_in(world, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_reach_report_refuses_nominators_and_reviewers(world, client, user, reviewer_user):
    for person in (user, reviewer_user):
        client.force_login(person)
        for query in ({}, {"export": "csv"}):
            response = client.get(URL, query)
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/?next=")
            assert b"North High" not in response.content


def test_reach_report_is_not_found_for_an_admin_user_without_award_permissions(world, client):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)

    for query in ({}, {"export": "csv"}):
        response = client.get(URL, query)
        assert response.status_code == 404
        assert b"North High" not in response.content


# Queries ------------------------------------------------------------------------------------------


def seed(cycle, count: int) -> None:
    for number in range(count):
        school = SchoolFactory()
        nomination = submitted(
            cycle, school, language="es", on_phone=bool(number % 2), days_before=number % 7
        )
        LetterRequestFactory(nomination=nomination)
    NominationFactory(cycle=cycle, school=SchoolFactory())


def test_reach_report_query_count_does_not_grow_with_nominations(
    db, client, django_assert_num_queries
):
    client.force_login(UserFactory(staff=True))
    cycle = CycleFactory(name="2026-27")
    seed(cycle, 1)
    client.get(URL)  # the session and the site, once
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL, {"cycles": "year:2026-27"}).status_code == 200

    seed(CycleFactory(name="2026-27"), 29)

    with django_assert_num_queries(len(one)):
        response = client.get(URL, {"cycles": "year:2026-27"})
    assert response.context["report"].submitted == 30


# The CSV ------------------------------------------------------------------------------------------


def test_reach_report_csv_holds_every_figure(world, client):
    client.force_login(UserFactory(staff=True))

    response = client.get(URL, {"cycles": "year:2026-27", "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Section", "Item", "Measure", "Value"]
    assert ["Report", "Cycles", "Covers", "2026-27, every award"] in rows
    assert ["Totals", "Nominations", "Submitted", "4"] in rows
    assert ["By award", "Curiosity Prize", "Submitted", "3"] in rows
    assert ["By school", "North High (N-1)", "Submitted", "2"] in rows
    assert ["By Title I status", "Title I", "Percent", "50"] in rows
    assert ["By school level", "High", "Count", "2"] in rows
    assert ["Schools with no nomination", "East Middle (E-1)", "Drafts not sent", "1"] in rows
    assert ["Schools with no nomination", "West K-8 (W-1)", "Drafts not sent", "0"] in rows
    assert ["Submitted by day to the deadline", "2 days before", "Running total", "3"] in rows
    assert ["Letters of support", "Curiosity Prize", "Still due", "2"] in rows
    assert ["Eligibility", "Curiosity Prize", "Ineligible", "1"] in rows
    assert ["By device started on", "Phone", "Percent", "60"] in rows
    assert ["By language sent in", "Spanish", "Count", "2"] in rows
    assert not any(row[0] == "By school" and row[1].startswith("East") for row in rows)


def test_reach_report_csv_cells_cannot_run_as_formulas(world, client):
    SchoolFactory(name='=HYPERLINK("http://evil.example")', code="X-1")
    client.force_login(UserFactory(staff=True))

    response = client.get(URL, {"export": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    items = [row[1] for row in rows if row[0] == "Schools with no nomination"]
    assert '\'=HYPERLINK("http://evil.example") (X-1)' in items
    assert not any(cell.startswith("=") for row in rows for cell in row)
