"""Visibility of nominations (staff all, a nominator their own, anyone else none) and which cycle
of an award its page and the nomination start offer: the one taking nominations now, even when
staff have already set next year's to Open (it opens by its dates)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from awards.models import Cycle
from awards.queries import (
    award_cycles,
    current_cycle_for,
    nominations_visible_to,
    open_cycle_for,
    own_nominations,
)
from portal.permissions import require_staff
from tests.awards.factories import NominationFactory
from tests.factories import AwardFactory, CycleFactory, UserFactory


@pytest.fixture
def award(db):
    return AwardFactory()


def test_this_years_cycle_is_offered_while_next_years_waits_to_open(award):
    now = timezone.now()
    this_year = CycleFactory(
        award=award, opens_at=now - timedelta(days=200), closes_at=now + timedelta(days=30)
    )
    CycleFactory(
        award=award,
        opens_at=now + timedelta(days=100),
        closes_at=now + timedelta(days=400),
    )

    assert open_cycle_for(award) == this_year
    assert open_cycle_for(award.pk) == this_year


def test_once_this_year_closes_the_next_cycle_to_open_is_offered(award):
    now = timezone.now()
    CycleFactory(award=award, opens_at=now - timedelta(days=400), closes_at=now - timedelta(days=5))
    soon = CycleFactory(award=award, opens_at=now + timedelta(days=10))
    CycleFactory(award=award, opens_at=now + timedelta(days=375))

    assert open_cycle_for(award) == soon


def test_of_two_cycles_taking_nominations_the_newest_is_offered(award):
    now = timezone.now()
    CycleFactory(award=award, opens_at=now - timedelta(days=90))
    newest = CycleFactory(award=award, opens_at=now - timedelta(days=3))

    assert open_cycle_for(award) == newest


def test_a_closed_open_cycle_is_offered_when_nothing_else_is_and_drafts_are_none(award):
    now = timezone.now()
    last = CycleFactory(
        award=award, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1)
    )
    CycleFactory(award=award, status=Cycle.Status.DRAFT, opens_at=now - timedelta(days=2))

    assert open_cycle_for(award) == last
    assert open_cycle_for(AwardFactory()) is None


# (status, days from now to the opening, days from now to the closing) of each of an award's
# cycles: every order of this year's, next year's, last year's, drafts and closed ones.
AWARD_HISTORIES = {
    "none": [],
    "this year open, next year set to open": [("open", -200, 30), ("open", 100, 400)],
    "last year closed, next to open soon": [
        ("open", -400, -5),
        ("open", 10, 40),
        ("open", 375, 400),
    ],
    "two taking nominations": [("open", -90, 30), ("open", -3, 30)],
    "a newer draft": [("open", -60, -1), ("draft", -2, 30)],
    "only a draft": [("draft", -10, 30)],
    "decided, then closed": [("closed", -400, -300), ("decided", -60, -1)],
    "in review after an open one": [("open", -400, -300), ("review", -60, -1)],
    "closed newest, open older": [("open", -90, 30), ("closed", -10, -1)],
}


@pytest.mark.parametrize("history", AWARD_HISTORIES.values(), ids=AWARD_HISTORIES.keys())
def test_an_awards_cycles_read_together_are_its_open_and_current_cycle(award, history):
    now = timezone.now()
    for status, opens, closes in history:
        CycleFactory(
            award=award,
            status=status,
            opens_at=now + timedelta(days=opens),
            closes_at=now + timedelta(days=closes),
        )

    found = award_cycles(award)

    assert (found.open, found.current) == (open_cycle_for(award), current_cycle_for(award))


@pytest.fixture
def nominations(user):
    """Two nominations of `user` (a draft and a submitted one) and one of someone else."""
    return (
        NominationFactory(nominator=user),
        NominationFactory(nominator=user, status="submitted"),
        NominationFactory(),
    )


def test_a_nominator_sees_only_their_own_nominations(user, nominations):
    draft, submitted, _ = nominations

    assert set(nominations_visible_to(user)) == {draft, submitted}
    assert set(own_nominations(user)) == {draft, submitted}


def test_staff_see_every_nomination_but_own_only_theirs(staff_user, nominations):
    mine = NominationFactory(nominator=staff_user)

    assert set(nominations_visible_to(staff_user)) == {*nominations, mine}
    assert set(own_nominations(staff_user)) == {mine}


def test_a_reviewer_sees_no_one_elses_nomination(reviewer_user, nominations):
    assert list(nominations_visible_to(reviewer_user)) == []


def test_signed_out_and_deactivated_users_see_nothing(user, nominations):
    user.is_active = False
    user.save()

    for someone in (AnonymousUser(), user):
        assert list(nominations_visible_to(someone)) == []
        assert list(own_nominations(someone)) == []


def test_a_deactivated_staff_member_sees_nothing_and_is_refused(nominations):
    former = UserFactory(staff=True, is_active=False)

    assert list(nominations_visible_to(former)) == []
    with pytest.raises(PermissionDenied):
        require_staff(former)


@pytest.mark.parametrize("someone", ["user", "reviewer_user", "in_admin_only"])
def test_only_staff_pass_the_staff_check(request, staff_user, superuser, someone):
    require_staff(staff_user)
    require_staff(superuser)
    with pytest.raises(PermissionDenied):
        require_staff(request.getfixturevalue(someone))
