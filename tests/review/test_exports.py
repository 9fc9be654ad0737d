"""The review's exports for staff: the candidates with scores per criterion, raw and normalised
score, rank, flags and decision (from the ranking screen), and the reviewers' progress (from
the progress screen), as CSV and XLSX."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from awards.exports import FORMULA_PREFIXES
from awards.models import Nomination
from portal.models import AuditEvent
from review.domain.aggregates import rebuild_scores
from review.models import (
    Assignment,
    Criterion,
    Decision,
    Review,
    ReviewerEnrolment,
    ReviewReminder,
    ReviewSettings,
    Rubric,
    Score,
)
from tests.awards.factories import NominationFactory, candidate
from tests.factories import AwardFactory, CycleFactory, SchoolFactory, UserFactory
from tests.responses import csv_rows, queries_to_download, xlsx_rows

INVITED_AT = datetime(2026, 10, 1, 16, 0, tzinfo=UTC)
ACCEPTED_AT = datetime(2026, 10, 2, 7, 15, tzinfo=UTC)
REMINDED_AT = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)


def numbers_as_numbers(rows: list[list[str]]) -> list[list]:
    """Cells that are numbers as floats: XLSX keeps 7.0 as the number 7, CSV writes "7.0"."""

    def cell(value):
        try:
            return float(value)
        except ValueError:
            return value

    return [[cell(value) for value in row] for row in rows]


def export_url(cycle, what: str, export_format: str) -> str:
    return reverse("review_admin:export", args=(cycle.pk, what, export_format))


class Panel:
    """A cycle under review, written out by hand: two criteria (Impact, Leadership, 0 to 10,
    weight 1), two reviewers with two reviews each (too few to normalise, so the normalised
    score is the raw mean), three candidates, a winner, and a draft review left."""

    def __init__(self):
        self.cycle = CycleFactory(award=AwardFactory(name="Teacher of the Year"), name="2026")
        ReviewSettings.objects.create(
            cycle=self.cycle, reviewers_per_candidate=2, disagreement_threshold=Decimal(3)
        )
        self.rubric = Rubric.objects.create(cycle=self.cycle)
        self.impact = Criterion.objects.create(
            rubric=self.rubric, name="Impact", scale_min=0, scale_max=10, sort_order=0
        )
        self.leadership = Criterion.objects.create(
            rubric=self.rubric, name="Leadership", scale_min=0, scale_max=10, sort_order=1
        )
        school = SchoolFactory(name="Lakeside High")
        self.rosa = candidate(
            self.cycle, nominee_first_name="Rosa", nominee_last_name="Ortega", school=school
        ).dossier
        NominationFactory(cycle=self.cycle, dossier=self.rosa, status=Nomination.Status.SUBMITTED)
        self.sam = candidate(
            self.cycle, nominee_first_name="Sam", nominee_last_name="Stone", school=school
        ).dossier
        self.una = candidate(
            self.cycle, nominee_first_name="Una", nominee_last_name="Unread", school=school
        ).dossier
        self.first = self.enrol("ana@example.org", "Ana Reviewer")
        self.second = self.enrol("ben@example.org", "Ben Reviewer")
        self.review(self.rosa, self.first, impact=9, leadership=7)  # total 16
        self.review(self.rosa, self.second, impact=5, leadership=5)  # total 10
        self.review(self.sam, self.first, impact=6, leadership=6)  # total 12
        self.review(self.sam, self.second, impact=7, leadership=5)  # total 12
        self.review(self.una, self.second, submitted=False)
        rebuild_scores(self.cycle)
        Decision.objects.create(
            cycle=self.cycle, dossier=self.rosa, outcome="winner", amount=Decimal("500.00")
        )
        ReviewReminder.objects.create(enrolment=self.second, outstanding=1, sent_at=REMINDED_AT)
        ReviewReminder.objects.filter(enrolment=self.second).update(created_at=REMINDED_AT)

    def enrol(self, email: str, name: str) -> ReviewerEnrolment:
        enrolment = ReviewerEnrolment.objects.create(
            cycle=self.cycle,
            reviewer=UserFactory(email=email, display_name=name),
            status=ReviewerEnrolment.Status.ACTIVE,
            capacity=5,
            accepted_at=ACCEPTED_AT,
        )
        ReviewerEnrolment.objects.filter(pk=enrolment.pk).update(invited_at=INVITED_AT)
        return enrolment

    def review(self, dossier, enrolment, impact=0, leadership=0, submitted=True):
        assignment = Assignment.objects.create(dossier=dossier, enrolment=enrolment)
        review = Review.objects.create(
            assignment=assignment,
            rubric=self.rubric,
            cycle=self.cycle,
            dossier=dossier,
            enrolment=enrolment,
            status=Review.Status.SUBMITTED if submitted else Review.Status.DRAFT,
            weighted_total=Decimal(impact + leadership),
            total=float(impact + leadership),
            counted=submitted,
        )
        Score.objects.create(review=review, criterion=self.impact, value=impact)
        Score.objects.create(review=review, criterion=self.leadership, value=leadership)


@pytest.fixture
def panel(db) -> Panel:
    return Panel()


CANDIDATE_HEADER = [
    "Rank",
    "Candidate code",
    "Candidate",
    "Nominations",
    "Reviews",
    "Impact (mean score)",
    "Leadership (mean score)",
    "Raw score (mean total)",
    "Normalised score",
    "Raw rank",
    "Lowest total",
    "Highest total",
    "Flagged: reviewers disagree",
    "Too few reviews",
    "Decision",
    "Amount",
]


@pytest.mark.parametrize(("export_format", "read"), [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_candidates_export_has_scores_rank_flags_and_decision(
    client, staff_user, panel, export_format, read
):
    client.force_login(staff_user)

    response = client.get(export_url(panel.cycle, "candidates", export_format))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="teacher-of-the-year-2026-candidates.{export_format}"'
    )
    header, *rows = read(response)
    assert header == CANDIDATE_HEADER
    assert numbers_as_numbers(rows) == numbers_as_numbers(
        [
            # Rosa: (9+5)/2 and (7+5)/2 per criterion; totals 16 and 10, 6 apart (> 3): flagged.
            [
                "1",
                panel.rosa.code,
                "Rosa Ortega (Lakeside High)",
                "2",
                "2",
                "7.0",
                "6.0",
                "13.0",
                "13.0",
                "1",
                "10.0",
                "16.0",
                "Yes",
                "No",
                "Winner",
                "500.0",
            ],
            [
                "2",
                panel.sam.code,
                "Sam Stone (Lakeside High)",
                "1",
                "2",
                "6.5",
                "5.5",
                "12.0",
                "12.0",
                "2",
                "12.0",
                "12.0",
                "No",
                "No",
                "",
                "",
            ],
            # Una: a draft only, so no rank and too few reviews.
            [
                "",
                panel.una.code,
                "Una Unread (Lakeside High)",
                "1",
                "0",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "No",
                "Yes",
                "",
                "",
            ],
        ]
    )


def test_candidates_export_leaves_out_decisions_for_who_may_not_see_them(client, panel):
    """A staff member who may read the ranking but not the committee's decisions (a custom
    group) downloads the candidates without the decision and the amount."""
    ranking_only = UserFactory(verified=True)
    ranking_only.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="awards", codename="view_nomination"),
        Permission.objects.get(content_type__app_label="review", codename="view_review"),
    )
    client.force_login(ranking_only)

    header, rosa, *_ = csv_rows(client.get(export_url(panel.cycle, "candidates", "csv")))

    assert "Decision" not in header and "Amount" not in header
    assert "Winner" not in rosa and "500.00" not in rosa and "500.0" not in rosa
    assert header[-1] == "Too few reviews"
    assert len(rosa) == len(header)


def test_candidates_export_flags_disagreement(client, staff_user, panel):
    ReviewSettings.objects.filter(cycle=panel.cycle).update(disagreement_threshold=Decimal(5))
    client.force_login(staff_user)
    strict = dict(
        zip(*csv_rows(client.get(export_url(panel.cycle, "candidates", "csv")))[:2], strict=True)
    )
    ReviewSettings.objects.filter(cycle=panel.cycle).update(disagreement_threshold=Decimal(7))
    lenient = dict(
        zip(*csv_rows(client.get(export_url(panel.cycle, "candidates", "csv")))[:2], strict=True)
    )

    # Rosa's totals are 6 apart: over a threshold of 5, within one of 7.
    assert strict["Flagged: reviewers disagree"] == "Yes"
    assert lenient["Flagged: reviewers disagree"] == "No"


REVIEWER_HEADER = [
    "Reviewer",
    "E-mail",
    "Status",
    "Capacity",
    "Assigned",
    "Submitted",
    "Drafts",
    "Not yet submitted",
    "Invited",
    "Accepted",
    "Last reminded",
]


@pytest.mark.parametrize(("export_format", "read"), [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_reviewers_export_has_each_reviewers_progress_in_local_time(
    client, staff_user, panel, settings, export_format, read
):
    settings.TIME_ZONE = "America/Los_Angeles"
    client.force_login(staff_user)

    response = client.get(export_url(panel.cycle, "reviewers", export_format))

    assert response["Content-Disposition"] == (
        f'attachment; filename="teacher-of-the-year-2026-reviewers.{export_format}"'
    )
    assert numbers_as_numbers(read(response)) == numbers_as_numbers(
        [
            REVIEWER_HEADER,
            [
                "Ana Reviewer",
                "ana@example.org",
                "Active",
                "5",
                "2",
                "2",
                "0",
                "0",
                "2026-10-01 09:00 PDT",
                "2026-10-02 00:15 PDT",
                "",
            ],
            # Reminded at 02:00 UTC on 4 December: the evening before in Los Angeles.
            [
                "Ben Reviewer",
                "ben@example.org",
                "Active",
                "5",
                "3",
                "2",
                "1",
                "1",
                "2026-10-01 09:00 PDT",
                "2026-10-02 00:15 PDT",
                "2026-12-03 18:00 PST",
            ],
        ]
    )


def test_review_exports_neutralise_formulas(client, staff_user, panel):
    Nomination.objects.filter(dossier=panel.sam).update(nominee_first_name="=cmd|' /C calc'!A0")
    panel.first.reviewer.display_name = "@SUM(1)"
    panel.first.reviewer.save()
    Criterion.objects.filter(pk=panel.impact.pk).update(name="+Impact")
    client.force_login(staff_user)

    for what in ("candidates", "reviewers"):
        for read in (csv_rows, xlsx_rows):
            export_format = "csv" if read is csv_rows else "xlsx"
            rows = read(client.get(export_url(panel.cycle, what, export_format)))
            cells = [str(value) for row in rows for value in row]
            assert not [value for value in cells if value.startswith(FORMULA_PREFIXES)]
            assert ("'=cmd|' /C calc'!A0 Stone (Lakeside High)" in cells) is (what == "candidates")
            assert ("'+Impact (mean score)" in cells) is (what == "candidates")
            assert ("'@SUM(1)" in cells) is (what == "reviewers")


@pytest.mark.parametrize("what", ["candidates", "reviewers"])
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_review_export_queries_do_not_grow_with_rows(
    client, staff_user, panel, what, export_format
):
    client.force_login(staff_user)
    url = export_url(panel.cycle, what, export_format)
    before = queries_to_download(client, url)
    for number in range(27):
        dossier = candidate(panel.cycle, nominee_first_name=f"Extra{number}").dossier
        reviewer = panel.enrol(f"extra{number}@example.org", f"Extra reviewer {number}")
        panel.review(dossier, reviewer, impact=number % 10, leadership=5)
        panel.review(dossier, panel.first, impact=5, leadership=number % 10)
    rebuild_scores(panel.cycle)

    after = queries_to_download(client, url)

    assert after == before
    rows = csv_rows(client.get(export_url(panel.cycle, what, "csv")))
    assert len(rows) == (1 + 30 if what == "candidates" else 1 + 29)


@pytest.mark.parametrize("what", ["candidates", "reviewers"])
def test_review_export_is_404_in_the_admin_without_the_screens_permission(
    client, in_admin_only, panel, what
):
    client.force_login(in_admin_only)

    response = client.get(export_url(panel.cycle, what, "csv"))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=f"review.{what}_exported").exists()


@pytest.mark.parametrize("role", ["user", "reviewer_user"])
@pytest.mark.parametrize("what", ["candidates", "reviewers"])
def test_review_export_sends_nominators_and_reviewers_to_sign_in(
    client, request, panel, role, what
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(export_url(panel.cycle, what, "xlsx"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not AuditEvent.objects.filter(action=f"review.{what}_exported").exists()


@pytest.mark.parametrize(
    ("what", "export_format"), [("scores", "csv"), ("candidates", "pdf"), ("reviewers", "")]
)
def test_review_export_of_unknown_export_or_format_is_404(
    client, staff_user, panel, what, export_format
):
    client.force_login(staff_user)
    url = f"/admin/review/exports/{panel.cycle.pk}/{what}/{export_format}/"

    assert client.get(url).status_code == 404


def test_review_export_of_missing_cycle_is_404(client, staff_user, db):
    client.force_login(staff_user)

    assert client.get("/admin/review/exports/987654321/candidates/csv/").status_code == 404


def test_review_export_is_audited(client, staff_user, panel):
    client.force_login(staff_user)

    client.get(export_url(panel.cycle, "reviewers", "csv"))

    event = AuditEvent.objects.get(action="review.reviewers_exported")
    assert (event.actor, event.object_code, event.data) == (
        staff_user,
        str(panel.cycle.pk),
        {"format": "csv"},
    )


def test_ranking_and_progress_screens_link_their_exports(client, staff_user, panel):
    client.force_login(staff_user)

    ranking = client.get(reverse("review_admin:ranking", args=(panel.cycle.pk,))).content.decode()
    progress = client.get(reverse("review_admin:progress", args=(panel.cycle.pk,))).content.decode()

    for export_format in ("csv", "xlsx"):
        assert f'href="{export_url(panel.cycle, "candidates", export_format)}"' in ranking
        assert f'href="{export_url(panel.cycle, "reviewers", export_format)}"' in progress
