"""Each staff power is one permission, checked the same way on the screen and in the operation
behind it: a foundation can make a group that reads the ranking but does not decide, and such
a member is refused by the committee screen and by `record_decision` alike, whichever way the
operation is reached."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from awards.domain.notes import set_tags
from portal import permissions
from review.domain.decisions import record_decision, request_publication
from review.domain.enrolment import invite_reviewers
from review.domain.ranking import record_ranking
from review.models import Decision
from tests.awards.factories import candidate
from tests.factories import CycleFactory, UserFactory

pytestmark = pytest.mark.django_db


def staff_without(*codenames: str):
    """A member of a group like Staff (admin access, every permission of the portal's apps)
    less `codenames` ("app_label.codename")."""
    person = UserFactory(verified=True)
    held = Permission.objects.filter(content_type__app_label__in=["awards", "review"])
    for name in codenames:
        app_label, codename = name.split(".")
        held = held.exclude(content_type__app_label=app_label, codename=codename)
    person.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *held,
    )
    return person


@pytest.fixture
def cycle():
    return CycleFactory()


@pytest.fixture
def nomination(cycle):
    return candidate(cycle, nominee_first_name="Ada", nominee_last_name="Lovelace")


# An operation a staff power allows, and the permission that grants the power.
OPERATIONS = {
    "record a decision": (
        "review.change_decision",
        lambda cycle, nomination, user: record_decision(
            cycle, nomination.dossier, user, outcome=Decision.Outcome.WINNER
        ),
    ),
    "ask to publish": (
        "review.change_publication",
        lambda cycle, nomination, user: request_publication(cycle, user),
    ),
    "invite reviewers": (
        "review.add_reviewerenrolment",
        lambda cycle, nomination, user: invite_reviewers(cycle, ["ana@example.org"], user),
    ),
    "record the ranking": (
        "review.view_review",
        lambda cycle, nomination, user: record_ranking(cycle, user),
    ),
    "tag a nomination": (
        "awards.change_nomination",
        lambda cycle, nomination, user: set_tags(user, nomination, ["Strong letters"]),
    ),
}


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_staff_without_the_power_are_refused_by_the_operation(cycle, nomination, operation):
    permission, run = OPERATIONS[operation]

    with pytest.raises(PermissionDenied):
        run(cycle, nomination, staff_without(permission))


def test_staff_who_read_the_ranking_but_do_not_decide_are_refused_on_both_paths(
    client, cycle, nomination
):
    reader = staff_without("review.change_decision")
    client.force_login(reader)

    assert client.get(reverse("review_admin:ranking", args=(cycle.pk,))).status_code == 200
    refused = client.get(reverse("review_admin:committee", args=(cycle.pk,)), follow=True)
    # Wagtail turns a refusal into its admin home, with a message saying why.
    assert refused.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission" in refused.content.decode()
    with pytest.raises(PermissionDenied):
        record_decision(cycle, nomination.dossier, reader, outcome=Decision.Outcome.WINNER)
    assert not Decision.objects.exists()


def test_staff_who_decide_record_a_decision(cycle, nomination):
    decider = staff_without()

    record_decision(cycle, nomination.dossier, decider, outcome=Decision.Outcome.WINNER)

    assert Decision.objects.get().outcome == Decision.Outcome.WINNER


def test_nominators_and_reviewers_hold_no_staff_power(user, reviewer_user):
    for person in (user, reviewer_user):
        assert not permissions.is_staff(person)
        assert not permissions.can_decide(person)
        assert not permissions.can_change_nominations(person)


def test_asking_every_power_of_one_user_costs_two_queries_at_most(
    django_assert_max_num_queries, staff_user
):
    """The answers are kept on the user object: a request that asks many times pays once."""
    powers = [getattr(permissions, name) for name in dir(permissions) if name.startswith("can_")]
    assert len(powers) > 10

    with django_assert_max_num_queries(2):
        for _ in range(3):
            assert all(power(staff_user) for power in powers)
