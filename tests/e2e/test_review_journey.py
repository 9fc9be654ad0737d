"""A reviewer signs in with a password, scores one candidate (the draft saves itself, then they
submit) and declares a conflict on another (confirming first), which leaves their list at once.
Blind review hides the nominees' names throughout; axe-core finds no serious accessibility
problem."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Dossier, Nomination
from review.models import (
    Assignment,
    Conflict,
    Criterion,
    Review,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
)

PASSWORD = "a-long-reviewer-passphrase-2026"


@pytest.fixture
def reviewing(demo_site):
    from allauth.account.models import EmailAddress

    from awards.queries import open_cycle_for
    from portal.models import User
    from tests.awards.factories import NominationFactory
    from tests.factories import join_reviewers_group

    cycle = open_cycle_for(demo_site["k8-science-teacher"])
    reviewer = User.objects.create_user(
        "rita.reviewer@example.org", password=PASSWORD, display_name="Rita Reviewer"
    )
    EmailAddress.objects.create(user=reviewer, email=reviewer.email, verified=True, primary=True)
    join_reviewers_group(reviewer)
    enrolment = ReviewerEnrolment.objects.create(cycle=cycle, reviewer=reviewer, status="active")
    ReviewSettings.objects.create(
        cycle=cycle,
        release_at=timezone.now() - timedelta(hours=1),
        review_closes_at=timezone.now() + timedelta(days=7),
        blind_fields=["nominee_name", "nominator_name", "emails", "school"],
    )
    rubric = Rubric.objects.create(cycle=cycle)
    Criterion.objects.create(
        rubric=rubric,
        name="Impact on students",
        weight=Decimal("2"),
        bands=[
            {"from": 0, "to": 4, "label": "Emerging"},
            {"from": 5, "to": 10, "label": "Exemplary"},
        ],
    )
    Criterion.objects.create(rubric=rubric, name="Evidence", scale_min=1, scale_max=5)
    candidates = []
    for first, last in (("Barbara", "McClintock"), ("Chien-Shiung", "Wu")):
        dossier = Dossier.objects.create(cycle=cycle)
        NominationFactory(
            cycle=cycle,
            dossier=dossier,
            status=Nomination.Status.SUBMITTED,
            submitted_at=timezone.now(),
            nominee_first_name=first,
            nominee_last_name=last,
            answers={"impact": f"{first} built a seed bank with her class."},
        )
        Assignment.objects.create(dossier=dossier, enrolment=enrolment)
        candidates.append(dossier)
    return reviewer, enrolment, candidates


def assert_accessible(axe, page):
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def declare_conflict(page, axe, code: str, reason: str) -> None:
    """From the reviewer's list: open candidate `code`, declare a conflict, confirm it; the
    candidate leaves the list. Nothing is recorded until the reviewer confirms."""
    page.get_by_role("link", name=f"Candidate {code}").click()
    page.get_by_label("Reason").fill(reason)
    page.get_by_role("button", name=re.compile("conflict", re.I)).click()
    expect(page.get_by_role("heading", name="Declare a conflict?")).to_be_visible()
    assert not Conflict.objects.filter(dossier__code=code).exists()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Yes, declare the conflict").click()
    expect(page.get_by_text("taken off your list")).to_be_visible()
    expect(page.get_by_role("link", name=f"Candidate {code}")).to_have_count(0)


def test_reviewer_scores_one_candidate_and_declares_a_conflict_on_another(
    page, live_server, reviewing, axe
):
    reviewer, _, (first, second) = reviewing
    page.goto(live_server.url + "/review/")
    page.get_by_role("textbox", name=re.compile("^Email")).fill(reviewer.email)
    page.get_by_role("textbox", name=re.compile("^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My reviews")
    expect(page.get_by_text("0 of 2 submitted.")).to_be_visible()
    assert_accessible(axe, page)

    # The first candidate: blind, scored, autosaved, then submitted.
    page.get_by_role("link", name=f"Candidate {first.code}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Candidate {first.code}")
    content = page.content()
    # Whole words: a random token (CSRF) may hold "Wu" inside it.
    for secret in ("McClintock", "Barbara", "Chien-Shiung", "Wu"):
        assert not re.search(rf"\b{secret}\b", content), secret
    assert_accessible(axe, page)
    page.get_by_label("Score for Impact on students").select_option("8")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Draft saved at", timeout=10_000)
    review = Review.objects.get(assignment__dossier=first)
    assert review.status == Review.Status.DRAFT
    page.get_by_label("Score for Evidence").select_option("4")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Review submitted. Thank you!")).to_be_visible()
    expect(page.get_by_text("1 of 2 submitted.")).to_be_visible()
    review.refresh_from_db()
    assert (review.status, review.weighted_total) == (Review.Status.SUBMITTED, Decimal("20"))

    # The second: the reviewer knows the candidate and says so.
    declare_conflict(page, axe, second.code, "She coached my son's robotics team")
    assert Conflict.objects.get().source == Conflict.Source.DECLARED
    assert page.goto(live_server.url + f"/review/{second.code}/").status == 404
