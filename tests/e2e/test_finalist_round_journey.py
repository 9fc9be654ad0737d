"""A finalist round in a browser, staff and a committee member taking turns: staff tick the
top two of the ranking as finalists and give them to the committee; the committee member finds
them under "Finalist round" in the reviewer portal and scores one against the classroom-visit
rubric; the committee screen then shows the finalist round's score above the first stage's
ranking. Nobody is e-mailed on the way (the award is a surprise). axe-core finds no serious
problem on the committee member's pages nor in the finalist screen's own part."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from review.models import (
    Assignment,
    Criterion,
    Finalist,
    Review,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
    Stage,
)
from tests.e2e.conftest import AXE_SCRIPT, signed_in_page
from tests.e2e.test_announcement_journey import serious_violations_in
from tests.e2e.test_review_journey import assert_accessible

STAFF_VIEW = {"width": 1280, "height": 900}
# First-stage totals out of 10: the ranking reads Rosalind, Lise, Ada.
CANDIDATES = [("Rosalind", "Franklin", 9), ("Lise", "Meitner", 7), ("Ada", "Lovelace", 4)]


@pytest.fixture
def ranked_cycle(journey_site):
    from awards.queries import open_cycle_for
    from review.domain.assignment import commit_assignment, plan_assignment
    from review.domain.scoring import save_review
    from tests.awards.factories import candidate
    from tests.factories import UserFactory, join_staff_group, verify_email

    cycle = open_cycle_for(journey_site["k8-science-teacher"])
    cycle.closes_at, cycle.grace_period = timezone.now() - timedelta(minutes=5), None
    cycle.save()
    ReviewSettings.objects.create(
        cycle=cycle, reviewers_per_candidate=1, release_at=timezone.now() - timedelta(hours=1)
    )
    first = Rubric.objects.create(cycle=cycle, name="Nomination")
    impact = Criterion.objects.create(rubric=first, name="Impact on students")
    visit = Rubric.objects.create(cycle=cycle, name="Classroom visit", stage=Stage.FINALIST)
    Criterion.objects.create(rubric=visit, name="Classroom climate", scale_min=1, scale_max=5)
    staff = UserFactory(email="sam.staff@foundation.example")
    verify_email(staff)
    join_staff_group(staff)
    totals = {}
    for first_name, last_name, total in CANDIDATES:
        dossier = candidate(
            cycle,
            submitted_at=timezone.now(),
            nominee_first_name=first_name,
            nominee_last_name=last_name,
        ).dossier
        totals[dossier.pk] = total
    reviewer = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(), status="active"
    )
    commit_assignment(plan_assignment(cycle), staff)
    for assignment in Assignment.objects.filter(enrolment=reviewer):
        save_review(
            assignment,
            reviewer.reviewer,
            values={impact.pk: totals[assignment.dossier_id]},
            comments={},
            comment="",
            submit=True,
        )
    member = UserFactory(email="chair@district.example", display_name="Chair Person")
    verify_email(member)
    ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=member, stage=Stage.FINALIST, status="active"
    )
    return cycle, staff, member


def test_staff_pick_finalists_and_the_committee_scores_one(browser, live_server, ranked_cycle, axe):
    cycle, staff_user, member = ranked_cycle
    mail.outbox.clear()
    staff = signed_in_page(browser, live_server, staff_user, viewport=STAFF_VIEW)
    staff.set_default_timeout(15_000)

    # Staff tick the top two of the ranking and give them to the committee.
    staff.goto(f"/admin/review/finalists/{cycle.pk}/")
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Finalist round")
    staff.get_by_label(re.compile(r"^1\. Rosalind Franklin")).check()
    staff.get_by_label(re.compile(r"^2\. Lise Meitner")).check()
    staff.get_by_role("button", name="Save the finalists").click()
    expect(staff.get_by_text("2 finalists selected.")).to_be_visible()
    assert sorted(Finalist.objects.values_list("rank_at_selection", flat=True)) == [1, 2]
    assert serious_violations_in(staff, "main", AXE_SCRIPT) == []
    staff.get_by_role("button", name=re.compile("Give the finalists to the committee")).click()
    expect(staff.get_by_text("2 finalist assignments written")).to_be_visible()

    # The committee member finds them in the reviewer portal and scores the first.
    page = signed_in_page(browser, live_server, member, bypass_csp=True)
    page.set_default_timeout(15_000)
    page.goto("/review/")
    expect(page.get_by_role("heading", name="Finalist round")).to_be_visible()
    assert_accessible(axe, page)
    rosalind = Finalist.objects.get(rank_at_selection=1).dossier
    page.get_by_role("link", name=f"Finalist {rosalind.code}").click()
    expect(page.get_by_text("finalist round")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_label("Score for Classroom climate").select_option("5")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Review submitted. Thank you!")).to_be_visible()
    review = Review.objects.get(enrolment__reviewer=member)
    assert (review.rubric.stage, review.total) == (Stage.FINALIST, 5.0)

    # The committee screen shows both stages.
    staff.goto(f"/admin/review/committee/{cycle.pk}/")
    finalist_round = staff.locator(
        "section", has=staff.get_by_role("heading", name="Finalist round")
    )
    expect(finalist_round.get_by_role("row", name=re.compile("Rosalind Franklin"))).to_contain_text(
        "5.00"
    )
    expect(finalist_round.get_by_role("row", name=re.compile("Lise Meitner"))).to_contain_text(
        "Not scored yet"
    )
    expect(
        staff.get_by_role("heading", name="First stage: candidates by normalised score")
    ).to_be_visible()
    # Picking finalists and scoring them told nobody.
    assert mail.outbox == []
