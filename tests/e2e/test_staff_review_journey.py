"""Setting up a review in a browser, staff and reviewer taking turns: staff invite two reviewers
by e-mail on the invitation screen; a new reviewer follows the e-mailed link and signs in with
one code (opening the link proved the address, so no second code confirms it) and lands on
their reviews; staff write the automatic assignment; the reviewer scores one candidate (the
draft saves itself), submits, and declares a conflict on another (confirming first); staff find
that candidate short of reviewers on the progress screen and assign a replacement, after which
it leaves the short list. axe-core finds no serious problem on the reviewer's pages nor in the
progress screen's short list."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from review.models import (
    Assignment,
    Conflict,
    Criterion,
    Review,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
)
from tests.e2e.conftest import AXE_SCRIPT, signed_in_page
from tests.e2e.test_announcement_journey import serious_violations_in
from tests.e2e.test_review_journey import assert_accessible, declare_conflict

STAFF_VIEW = {"width": 1280, "height": 900}
REVIEWERS = ("mae.jemison@district.example", "katherine.johnson@district.example")
CODE_LINE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", flags=re.MULTILINE)
# One reviewer each, two reviewers, four candidates: the balanced assignment gives each
# reviewer two, so when one declares a conflict the other has room to replace them.
CANDIDATES = [
    ("Rosalind", "Franklin"),
    ("Lise", "Meitner"),
    ("Ada", "Lovelace"),
    ("Emmy", "Noether"),
]


@pytest.fixture
def review_setup(journey_site):
    from awards.queries import open_cycle_for
    from tests.awards.factories import candidate
    from tests.factories import UserFactory, join_staff_group, verify_email

    cycle = open_cycle_for(journey_site["k8-science-teacher"])
    # Nominations have closed; reviewing is open.
    cycle.closes_at, cycle.grace_period = timezone.now() - timedelta(minutes=5), None
    cycle.save()
    ReviewSettings.objects.create(
        cycle=cycle,
        reviewers_per_candidate=1,
        release_at=timezone.now() - timedelta(hours=1),
        review_closes_at=timezone.now() + timedelta(days=7),
    )
    rubric = Rubric.objects.create(cycle=cycle)
    Criterion.objects.create(rubric=rubric, name="Impact on students", weight=Decimal("2"))
    Criterion.objects.create(rubric=rubric, name="Evidence", scale_min=1, scale_max=5)
    dossiers = [
        candidate(
            cycle,
            submitted_at=timezone.now(),
            nominee_first_name=first,
            nominee_last_name=last,
            answers={"impact": f"{first} ran the school's science fair."},
        ).dossier
        for first, last in CANDIDATES
    ]
    staff = UserFactory(email="sam.staff@foundation.example")
    verify_email(staff)
    join_staff_group(staff)
    return cycle, staff, dossiers


def message_to(address: str):
    matching = [message for message in mail.outbox if address in message.to]
    assert matching, f"no e-mail to {address}: {[m.to for m in mail.outbox]}"
    return matching[-1]


def test_staff_set_up_a_review_and_replace_a_reviewer_who_declared_a_conflict(
    browser, live_server, review_setup, axe
):
    from review.domain.enrolment import accept_invitation

    cycle, staff_user, dossiers = review_setup
    staff = signed_in_page(browser, live_server, staff_user, viewport=STAFF_VIEW)
    staff.set_default_timeout(15_000)

    # Staff invite two reviewers by e-mail.
    staff.goto(f"/admin/review/invite/{cycle.pk}/")
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Invite reviewers")
    staff.get_by_label("E-mail addresses").fill("\n".join(REVIEWERS))
    staff.get_by_role("button", name="Send invitations").click()
    expect(staff.get_by_text("2 invitations sent.")).to_be_visible()
    for address in REVIEWERS:
        expect(staff.get_by_role("row", name=re.compile(address))).to_contain_text("Invited")
    invitations = {address: message_to(address) for address in REVIEWERS}
    assert len(mail.outbox) == 2

    # The second reviewer accepts elsewhere (their own journey is the first's).
    second = ReviewerEnrolment.objects.get(reviewer__email=REVIEWERS[1])
    accept_invitation(second, second.reviewer)

    # A brand-new reviewer follows the invitation's link and signs in with one code.
    reviewer_email = REVIEWERS[0]
    link = re.search(r"https?://\S+/review/join/\S+/", invitations[reviewer_email].body).group(0)
    reviewer = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="en-US")
    reviewer.set_default_timeout(15_000)
    page = reviewer.new_page()
    page.goto(link)
    page.get_by_label("E-mail address").fill(reviewer_email)
    page.get_by_role("button", name="E-mail me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert_accessible(axe, page)
    code_message = message_to(reviewer_email)
    assert code_message is not invitations[reviewer_email]
    page.get_by_label("Code from the e-mail").fill(CODE_LINE.search(code_message.body).group(1))
    page.get_by_role("button", name="Confirm").click()
    # A new account is asked its name once.
    expect(page.get_by_role("heading", level=1)).to_have_text("What's your name?")
    page.get_by_label("Your name").fill("Mae Jemison")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(live_server.url + "/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My reviews")
    assert_accessible(axe, page)
    # One code and no second one to confirm the address.
    to_reviewer = [m for m in mail.outbox if reviewer_email in m.to]
    assert len(to_reviewer) == 2, [m.subject for m in to_reviewer]
    assert "confirm" not in to_reviewer[-1].subject.lower()
    first = ReviewerEnrolment.objects.get(reviewer__email=reviewer_email)
    assert first.status == ReviewerEnrolment.Status.ACTIVE

    # Staff write the automatic assignment: two candidates each.
    staff.goto(f"/admin/review/assign/{cycle.pk}/")
    loads = staff.get_by_role("table")
    for address in REVIEWERS:
        expect(loads.get_by_role("row", name=re.compile(address))).to_contain_text("2")
    staff.get_by_role("button", name="Write 4 assignments").click()
    expect(staff.get_by_text("4 assignments written")).to_be_visible()
    mine = sorted(
        Assignment.objects.filter(enrolment=first).values_list("dossier__code", flat=True)
    )
    assert len(mine) == 2
    assert Assignment.objects.filter(dossier__in=dossiers).count() == 4

    # The reviewer scores one candidate and submits.
    page.reload()
    expect(page.get_by_text("0 of 2 submitted.")).to_be_visible()
    scored, conflicted = mine
    page.get_by_role("link", name=f"Candidate {scored}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Candidate {scored}")
    assert_accessible(axe, page)
    page.get_by_label("Score for Impact on students").select_option("8")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Draft saved at", timeout=10_000)
    assert Review.objects.get(assignment__dossier__code=scored).status == Review.Status.DRAFT
    page.get_by_label("Score for Evidence").select_option("4")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Review submitted. Thank you!")).to_be_visible()
    expect(page.get_by_text("1 of 2 submitted.")).to_be_visible()

    # ...and declares a conflict on the other, confirming first.
    declare_conflict(page, axe, conflicted, "She taught my daughter")
    assert Conflict.objects.get().source == Conflict.Source.DECLARED

    # Staff find the candidate short of reviewers and assign a replacement.
    staff.goto(f"/admin/review/progress/{cycle.pk}/")
    short = staff.get_by_role("region", name="Candidates short of reviewers")
    row = short.get_by_role("row", name=re.compile(conflicted))
    expect(row).to_contain_text("0 of 1")
    expect(short.get_by_role("row")).to_have_count(2)  # the header and this candidate
    assert (
        serious_violations_in(staff, 'section[aria-labelledby="short-heading"]', AXE_SCRIPT) == []
    )
    row.get_by_role("button", name="Assign a replacement").click()
    expect(
        staff.get_by_text(re.compile(rf"Assigned to .*: {re.escape(REVIEWERS[1])}\."))
    ).to_be_visible()
    expect(short).to_contain_text("Every candidate has the reviewers the cycle asks for.")
    expect(short.get_by_role("row", name=re.compile(conflicted))).to_have_count(0)
    assert (
        serious_violations_in(staff, 'section[aria-labelledby="short-heading"]', AXE_SCRIPT) == []
    )
    replacement = Assignment.objects.get(dossier__code=conflicted, removed_at__isnull=True)
    assert replacement.enrolment == second
