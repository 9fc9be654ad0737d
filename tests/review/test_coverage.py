"""Coverage: progress counts against the reviews each candidate needs, a candidate left short of
reviewers is listed and given a replacement, and the ranking marks what rests on too few
reviews."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.models import AuditEvent
from review.domain.aggregates import rebuild_scores
from review.domain.assignment import AssignmentRefused, assign_replacements
from review.domain.conflicts import declare_conflict
from review.domain.progress import review_coverage, short_of_reviewers
from review.models import Assignment, Criterion, Review, ReviewSettings, Rubric
from tests.factories import UserFactory

REQUIRED = 2


@pytest.fixture
def rubric(cycle):
    rubric = Rubric.objects.create(cycle=cycle)
    Criterion.objects.create(rubric=rubric, name="Impact", scale_min=0, scale_max=10)
    return rubric


@pytest.fixture
def settings_of_cycle(cycle):
    return ReviewSettings.objects.create(cycle=cycle, reviewers_per_candidate=REQUIRED)


def submit(assignment, rubric, total):
    Review.objects.create(
        assignment=assignment,
        rubric=rubric,
        cycle=assignment.dossier.cycle,
        dossier=assignment.dossier,
        enrolment=assignment.enrolment,
        status=Review.Status.SUBMITTED,
        weighted_total=Decimal(total),
        total=float(total),
        counted=True,
    )
    rebuild_scores(assignment.dossier.cycle)


@pytest.fixture
def conflicted(make_candidate, enrol, rubric, settings_of_cycle):
    """Two candidates, two reviewers each; on Ada every review is in, on Alan one is, and the
    other reviewer then declares a conflict with Alan. A third reviewer is free; a fourth is at
    capacity."""
    first = enrol(user=UserFactory(email="first@district.example"), capacity=10)
    withdrawn = enrol(user=UserFactory(email="conflicted@district.example"), capacity=10)
    full = enrol(user=UserFactory(email="full@district.example"), capacity=1)
    ada = make_candidate(nominee_first_name="Ada", nominee_last_name="Lovelace")
    alan = make_candidate(nominee_first_name="Alan", nominee_last_name="Turing")
    submit(Assignment.objects.create(dossier=ada.dossier, enrolment=first), rubric, 8)
    submit(Assignment.objects.create(dossier=ada.dossier, enrolment=full), rubric, 7)
    submit(Assignment.objects.create(dossier=alan.dossier, enrolment=first), rubric, 9)
    Assignment.objects.create(dossier=alan.dossier, enrolment=withdrawn)
    declare_conflict(withdrawn, alan.dossier, "I coached him", withdrawn.reviewer)
    return {"ada": ada.dossier, "alan": alan.dossier, "conflicted": withdrawn, "first": first}


def test_progress_counts_against_what_each_candidate_needs(conflicted, cycle):
    coverage = review_coverage(cycle)
    # Every live assignment has its review, yet Alan has one of the two the cycle asks for.
    assert (coverage.done, coverage.needed) == (3, 4)
    assert coverage.percent != 100
    assert coverage.short == 1
    assert list(short_of_reviewers(cycle)) == [conflicted["alan"]]


def test_extra_reviews_of_one_candidate_do_not_make_up_for_another(
    make_candidate, enrol, rubric, settings_of_cycle, cycle
):
    reviewers = [enrol() for _ in range(3)]
    covered = make_candidate()
    make_candidate()  # not assigned at all
    for reviewer in reviewers:
        submit(Assignment.objects.create(dossier=covered.dossier, enrolment=reviewer), rubric, 5)
    coverage = review_coverage(cycle)
    assert (coverage.done, coverage.needed, coverage.short) == (2, 4, 1)


def test_replacement_is_eligible_and_progress_follows(conflicted, enrol, rubric, staff_user, cycle):
    free = enrol(user=UserFactory(email="free@district.example"), capacity=5)
    assert assign_replacements(conflicted["alan"], staff_user) == ["free@district.example"]
    live = Assignment.objects.filter(dossier=conflicted["alan"], removed_at__isnull=True)
    assert sorted(live.values_list("enrolment_id", flat=True)) == sorted(
        [conflicted["first"].pk, free.pk]
    )
    assert review_coverage(cycle).short == 0
    assert review_coverage(cycle).percent != 100  # the new reviewer has not scored yet
    submit(live.get(enrolment=free), rubric, 6)
    coverage = review_coverage(cycle)
    assert (coverage.done, coverage.needed, coverage.percent) == (4, 4, 100)
    event = AuditEvent.objects.get(action="review.replacement_assigned")
    assert event.actor == staff_user


def test_no_replacement_when_every_reviewer_is_in_conflict_taken_or_full(conflicted, staff_user):
    # The conflicted reviewer has room, the full one has none, the first already reviews Alan.
    with pytest.raises(AssignmentRefused, match="No eligible reviewer"):
        assign_replacements(conflicted["alan"], staff_user)
    assert not Assignment.objects.filter(
        dossier=conflicted["alan"], enrolment=conflicted["conflicted"], removed_at__isnull=True
    ).exists()


def test_a_reviewer_taken_off_by_hand_is_not_brought_back(
    make_candidate, enrol, staff_user, settings_of_cycle
):
    removed = enrol(capacity=5)
    kept = enrol(capacity=5)
    candidate = make_candidate()
    Assignment.objects.create(dossier=candidate.dossier, enrolment=kept)
    Assignment.objects.create(
        dossier=candidate.dossier, enrolment=removed, removed_at=timezone.now()
    )
    with pytest.raises(AssignmentRefused):
        assign_replacements(candidate.dossier, staff_user)


def test_replacement_needs_staff(conflicted, user):
    with pytest.raises(PermissionDenied):
        assign_replacements(conflicted["alan"], user)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_progress_screen_lists_the_short_candidate_and_fixes_it(
    client, conflicted, enrol, staff_user, cycle
):
    client.force_login(staff_user)
    html = text(client.get(f"/admin/review/progress/{cycle.pk}/"))
    assert "3 of 4 reviews needed are in (75%)" in html
    short_section = html.split('id="short-heading"')[1].split("</section>")[0]
    assert "Alan Turing" in short_section
    assert "Ada Lovelace" not in short_section
    enrol(user=UserFactory(email="free@district.example"), capacity=5)
    response = client.post(
        f"/admin/review/progress/{cycle.pk}/replace/",
        {"dossier": conflicted["alan"].pk},
        follow=True,
    )
    html = text(response)
    assert "free@district.example" in html.split('id="short-heading"')[0]  # the message
    assert "Every candidate has the reviewers the cycle asks for." in html


def test_progress_screen_says_when_nobody_is_eligible(client, conflicted, staff_user, cycle):
    client.force_login(staff_user)
    response = client.post(
        f"/admin/review/progress/{cycle.pk}/replace/",
        {"dossier": conflicted["alan"].pk},
        follow=True,
    )
    assert "Nobody was assigned. No eligible reviewer" in text(response)
    assert Assignment.objects.filter(removed_at__isnull=True).count() == 3


def test_replacement_action_is_staff_only_post_and_of_this_cycle(
    client, conflicted, reviewer_user, staff_user, cycle, enrol
):
    url = f"/admin/review/progress/{cycle.pk}/replace/"
    enrol(capacity=5)
    client.force_login(reviewer_user)
    assert client.post(url, {"dossier": conflicted["alan"].pk}).status_code in (302, 403)
    client.force_login(staff_user)
    assert client.get(url).status_code == 405
    other = Assignment.objects.filter(removed_at__isnull=True).count()
    response = client.post(url, {"dossier": 10**6}, follow=True)
    assert "Choose a candidate of this cycle." in text(response)
    assert Assignment.objects.filter(removed_at__isnull=True).count() == other


def test_ranking_and_committee_mark_a_candidate_ranked_on_too_few_reviews(
    client, conflicted, staff_user, cycle
):
    client.force_login(staff_user)
    for screen in ("ranking", "committee"):
        html = text(client.get(f"/admin/review/{screen}/{cycle.pk}/"))
        rows = {
            name: next(row for row in html.split("<tr") if f"<td>{name}" in row)
            for name in ("Ada Lovelace", "Alan Turing")
        }
        assert "Ranked on 1 of 2 reviews" in rows["Alan Turing"], screen
        assert "Ranked on" not in rows["Ada Lovelace"], screen
