"""The finalist round: staff pick finalists from the first stage's ranking, the committee is
assigned to them and scores them against the round's own rubric, and none of it moves the
first stage's ranking or tells a nominee anything."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.models import AuditEvent
from review.domain.assignment import commit_assignment, plan_assignment
from review.domain.finalists import (
    FinalistsRefused,
    finalist_candidates,
    finalist_results,
    select_finalists,
)
from review.domain.ranking import compute_ranking
from review.domain.scoring import ReviewClosed, current_rubric, save_review
from review.models import (
    Assignment,
    Finalist,
    Publication,
    ReviewerEnrolment,
    ReviewSettings,
    Stage,
)
from tests.awards.factories import candidate
from tests.factories import CycleFactory, UserFactory


@pytest.fixture
def scored_cycle(cycle, first_stage_ranked):
    """Four candidates scored in the first stage by three reviewers: totals 9, 7, 5, 3 from
    each, so the ranking is candidate 0, 1, 2, 3. A visit rubric waits for the finalists."""
    dossiers, visit = first_stage_ranked(
        [None] * 4,
        reviewers=3,
        step=2,
        visit="Classroom visit",
        visit_criterion="Teaching seen",
        capacity=10,
    )
    return cycle, dossiers, visit


def committee(enrol, count=2, **fields):
    return [enrol(stage=Stage.FINALIST, capacity=10, **fields) for _ in range(count)]


def ranking_rows(cycle):
    return [(e.dossier_id, e.rank, e.reviews, e.normalised) for e in compute_ranking(cycle).entries]


def test_selected_finalists_keep_their_place_in_the_ranking(scored_cycle, staff_user):
    cycle, dossiers, _ = scored_cycle
    chosen = select_finalists(cycle, [dossiers[2], dossiers[0]], staff_user)
    assert [(f.dossier_id, f.rank_at_selection) for f in chosen] == [
        (dossiers[0].pk, 1),
        (dossiers[2].pk, 3),
    ]
    assert set(finalist_candidates(cycle)) == {dossiers[0], dossiers[2]}
    event = AuditEvent.objects.get(action="review.finalists_selected")
    assert event.data == {"added": sorted([dossiers[0].pk, dossiers[2].pk]), "removed": []}


def test_selecting_finalists_tells_nobody(
    scored_cycle, staff_user, django_capture_on_commit_callbacks
):
    """A surprise award's nominee hears nothing before the results: picking finalists sends no
    e-mail to anyone, nominee, nominator or reviewer."""
    cycle, dossiers, _ = scored_cycle
    assert cycle.award.nominee_notice == "surprise"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        select_finalists(cycle, dossiers[:2], staff_user)
    assert mail.outbox == []


def test_selecting_again_replaces_the_list_and_takes_the_committee_off_a_dropped_finalist(
    scored_cycle, enrol, staff_user
):
    cycle, dossiers, _ = scored_cycle
    members = committee(enrol)
    select_finalists(cycle, dossiers[:2], staff_user)
    commit_assignment(plan_assignment(cycle, stage=Stage.FINALIST), staff_user)
    select_finalists(cycle, [dossiers[0], dossiers[3]], staff_user)
    assert set(Finalist.objects.values_list("dossier_id", flat=True)) == {
        dossiers[0].pk,
        dossiers[3].pk,
    }
    live = set(
        Assignment.objects.filter(enrolment__in=members, removed_at__isnull=True).values_list(
            "dossier_id", flat=True
        )
    )
    assert live == {dossiers[0].pk}
    last = AuditEvent.objects.filter(action="review.finalists_selected").latest("pk")
    assert last.data == {"added": [dossiers[3].pk], "removed": [dossiers[1].pk]}


def test_a_candidate_of_another_cycle_is_refused_and_nothing_changes(scored_cycle, staff_user):
    cycle, dossiers, _ = scored_cycle
    select_finalists(cycle, [dossiers[0]], staff_user)
    stranger = candidate(CycleFactory()).dossier
    with pytest.raises(FinalistsRefused):
        select_finalists(cycle, [dossiers[1], stranger], staff_user)
    assert list(Finalist.objects.values_list("dossier_id", flat=True)) == [dossiers[0].pk]
    assert AuditEvent.objects.filter(action="review.finalists_selected").count() == 1


def test_only_staff_select_finalists(scored_cycle, reviewer_user, user):
    cycle, dossiers, _ = scored_cycle
    for someone in (reviewer_user, user):
        with pytest.raises(PermissionDenied):
            select_finalists(cycle, dossiers[:1], someone)
    assert Finalist.objects.count() == 0


def test_finalists_cannot_change_once_results_await_approval(scored_cycle, staff_user):
    cycle, dossiers, _ = scored_cycle
    Publication.objects.create(
        cycle=cycle,
        status=Publication.Status.AWAITING_APPROVAL,
        publish_at=timezone.now(),
        requested_by=staff_user,
    )
    with pytest.raises(FinalistsRefused):
        select_finalists(cycle, dossiers[:1], staff_user)
    assert Finalist.objects.count() == 0


def test_the_finalist_round_assigns_every_committee_member_to_every_finalist(
    scored_cycle, enrol, staff_user
):
    cycle, dossiers, _ = scored_cycle
    members = committee(enrol, 3)
    select_finalists(cycle, dossiers[:2], staff_user)
    plan = plan_assignment(cycle, stage=Stage.FINALIST)
    assert plan.result.feasible is True
    assert commit_assignment(plan, staff_user) == 6
    pairs = set(
        Assignment.objects.filter(enrolment__stage=Stage.FINALIST).values_list(
            "dossier_id", "enrolment_id"
        )
    )
    assert pairs == {(d.pk, m.pk) for d in dossiers[:2] for m in members}
    event = AuditEvent.objects.filter(action="review.assigned").latest("pk")
    assert event.data["stage"] == "finalist"


def test_a_committee_member_tied_to_a_finalists_school_is_not_assigned_it(
    cycle, make_candidate, enrol, school, staff_user
):
    ReviewSettings.objects.create(cycle=cycle)
    tied, other = make_candidate(school=school), make_candidate()
    at_school, elsewhere = committee(enrol, 1, schools=[school])[0], committee(enrol, 1)[0]
    select_finalists(cycle, [tied.dossier, other.dossier], staff_user)
    commit_assignment(
        plan_assignment(cycle, reviewers_per_candidate=1, stage=Stage.FINALIST),
        staff_user,
        allow_partial=True,
    )
    pairs = set(Assignment.objects.values_list("dossier_id", "enrolment_id"))
    assert (tied.dossier_id, at_school.pk) not in pairs
    assert (tied.dossier_id, elsewhere.pk) in pairs


def test_first_stage_assignment_leaves_the_committee_out(cycle, make_candidate, enrol, staff_user):
    ReviewSettings.objects.create(cycle=cycle, reviewers_per_candidate=1)
    make_candidate()
    reviewer = enrol()
    committee(enrol, 2)
    commit_assignment(plan_assignment(cycle), staff_user)
    assert list(Assignment.objects.values_list("enrolment_id", flat=True)) == [reviewer.pk]


def test_one_person_can_review_and_sit_on_the_committee(cycle, enrol):
    person = UserFactory()
    enrol(user=person)
    enrol(user=person, stage=Stage.FINALIST)
    assert ReviewerEnrolment.objects.filter(reviewer=person).count() == 2


def test_committee_scores_use_the_visit_rubric_and_leave_the_ranking_alone(
    scored_cycle, enrol, staff_user
):
    cycle, dossiers, visit = scored_cycle
    before = ranking_rows(cycle)
    members = committee(enrol, 2)
    select_finalists(cycle, dossiers[:2], staff_user)
    commit_assignment(plan_assignment(cycle, stage=Stage.FINALIST), staff_user)
    criterion = visit.criteria.get()
    # The committee prefers the second-ranked candidate.
    given = {(dossiers[0].pk, 0): 2, (dossiers[0].pk, 1): 3, (dossiers[1].pk, 0): 5}
    for (dossier_id, member), value in given.items():
        assignment = Assignment.objects.get(dossier_id=dossier_id, enrolment=members[member])
        review = save_review(
            assignment,
            members[member].reviewer,
            values={criterion.pk: value},
            comments={},
            comment="",
            submit=True,
        )
        assert review.rubric == visit
    assert ranking_rows(cycle) == before
    assert current_rubric(cycle) != visit
    assert current_rubric(cycle, Stage.FINALIST) == visit
    results = finalist_results(cycle)
    assert [(r.dossier_id, r.rank_at_selection, r.reviews, r.mean) for r in results] == [
        (dossiers[1].pk, 2, 1, 5.0),
        (dossiers[0].pk, 1, 2, 2.5),
    ]


def test_the_finalist_round_closes_on_its_own_date(scored_cycle, enrol, staff_user):
    cycle, dossiers, visit = scored_cycle
    member = committee(enrol, 1)[0]
    select_finalists(cycle, dossiers[:1], staff_user)
    commit_assignment(plan_assignment(cycle, stage=Stage.FINALIST), staff_user)
    review_settings = ReviewSettings.objects.get(cycle=cycle)
    review_settings.review_closes_at = timezone.now() - timedelta(days=1)
    review_settings.save()
    assignment = Assignment.objects.get(enrolment=member)
    score = {visit.criteria.get().pk: 4}
    save_review(assignment, member.reviewer, values=score, comments={}, comment="", submit=False)
    review_settings.finalists_close_at = timezone.now() - timedelta(minutes=1)
    review_settings.save()
    assignment = Assignment.objects.get(enrolment=member)
    with pytest.raises(ReviewClosed):
        save_review(assignment, member.reviewer, values=score, comments={}, comment="", submit=True)
