"""Bulk actions on the nominations list: record eligibility for a selection, withdraw a
selection. Each is one operation, all-or-nothing, confirmed on a page that states how many
nominations it will touch, for staff only."""

import itertools
from urllib.parse import urlencode

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from awards.domain.bulk import (
    NominationSelectionRefused,
    record_eligibility_for_selection,
    withdraw_selection,
)
from awards.domain.nominations import EligibilityRefused
from awards.models import Nomination
from portal.models import AuditEvent
from tests.awards.factories import NominationFactory
from tests.factories import CycleFactory

pytestmark = pytest.mark.django_db

ELIGIBLE = Nomination.Eligibility.ELIGIBLE
INELIGIBLE = Nomination.Eligibility.INELIGIBLE
PENDING = Nomination.Eligibility.PENDING


def submitted(**fields) -> Nomination:
    fields.setdefault("status", Nomination.Status.SUBMITTED)
    fields.setdefault("submitted_at", timezone.now())
    return NominationFactory(**fields)


def bulk_url(action: str, nominations, **params) -> str:
    ids = [("id", n.pk) for n in nominations]
    query = urlencode([*ids, *params.items()])
    return reverse("wagtail_bulk_action", args=("awards", "nomination", action)) + "?" + query


def states(nominations) -> list[tuple[str, str, str]]:
    return [
        (n.status, n.eligibility, n.eligibility_reason)
        for n in Nomination.objects.filter(pk__in=[n.pk for n in nominations]).order_by("pk")
    ]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def three(db):
    cycle = CycleFactory()
    return [submitted(cycle=cycle, nominee_last_name=name) for name in ("Ada", "Bea", "Cy")]


# The domain operations ---------------------------------------------------------------------------


def test_record_eligibility_for_selection_decides_each_and_audits(three, staff_user):
    count = record_eligibility_for_selection(three, staff_user, INELIGIBLE, "  Not a teacher. ")

    assert count == 3
    assert states(three) == [("submitted", INELIGIBLE, "Not a teacher.")] * 3
    single = AuditEvent.objects.filter(action="nomination.eligibility")
    assert sorted(single.values_list("object_code", flat=True)) == sorted(n.code for n in three)
    summary = AuditEvent.objects.get(action="nomination.bulk_eligibility")
    assert summary.data == {
        "count": 3,
        "codes": sorted(n.code for n in three),
        "decision": INELIGIBLE,
    }
    assert summary.actor == staff_user


def test_record_eligibility_for_selection_with_a_draft_changes_nothing(three, staff_user):
    draft = NominationFactory(cycle=three[0].cycle)

    with pytest.raises(NominationSelectionRefused) as refused:
        record_eligibility_for_selection([*three, draft], staff_user, ELIGIBLE)

    assert draft.code in str(refused.value)
    assert states(three) == [("submitted", PENDING, "")] * 3
    assert not AuditEvent.objects.filter(action__startswith="nomination.").exists()


def test_record_eligibility_for_selection_ineligible_needs_a_reason(three, staff_user):
    with pytest.raises(EligibilityRefused, match="Say why the nomination is ineligible"):
        record_eligibility_for_selection(three, staff_user, INELIGIBLE, "  ")

    assert states(three) == [("submitted", PENDING, "")] * 3


def test_record_eligibility_for_selection_refuses_nominators_and_reviewers(
    three, user, reviewer_user
):
    for someone in (user, reviewer_user):
        with pytest.raises(PermissionDenied):
            record_eligibility_for_selection(three, someone, ELIGIBLE)

    assert states(three) == [("submitted", PENDING, "")] * 3


class RolledBack(Exception):
    pass


class FailQuery:
    """An execute wrapper failing the `fail_at`th query from its installation (0: none)."""

    def __init__(self, fail_at: int):
        self.fail_at, self.seen = fail_at, 0

    def __call__(self, execute, sql, params, many, context):
        self.seen += 1
        if self.seen == self.fail_at:
            raise OperationalError(f"injected failure of query {self.seen}")
        return execute(sql, params, many, context)


@pytest.mark.parametrize(
    "operation",
    [
        lambda chosen, user: record_eligibility_for_selection(chosen, user, INELIGIBLE, "Why."),
        lambda chosen, user: withdraw_selection(chosen, user, "Duplicates."),
    ],
    ids=["eligibility", "withdraw"],
)
def test_a_failure_part_way_leaves_every_nomination_as_it_was(three, staff_user, operation):
    """Every query of the operation in turn fails, as a lost connection would: whichever it is,
    no nomination changes and no audit event stays."""
    before = states(three)

    def fresh() -> list[Nomination]:
        return list(Nomination.objects.filter(pk__in=[n.pk for n in three]).order_by("pk"))

    failed_runs = 0
    for fail_at in itertools.count(1):
        fault = FailQuery(fail_at)
        with pytest.raises(RolledBack), transaction.atomic():
            chosen = fresh()
            try:
                with connection.execute_wrapper(fault):
                    operation(chosen, staff_user)
            except OperationalError:
                failed_runs += 1
                assert states(three) == before, f"query {fail_at} failed"
                assert AuditEvent.objects.count() == 0, f"query {fail_at} failed"
            else:  # done whole: no query failed, or a failure was handled and retried
                assert all(state != b for state, b in zip(states(three), before, strict=True))
            raise RolledBack  # each run starts from the same nominations
        if fault.seen < fail_at:
            break  # every query of the operation has been failed in turn
    assert failed_runs > 6


def test_withdraw_selection_withdraws_each_with_the_reason(three, staff_user):
    assert withdraw_selection(three, staff_user, "Sent twice by mistake.") == 3

    assert [state[0] for state in states(three)] == ["withdrawn"] * 3
    reasons = AuditEvent.objects.filter(action="nomination.withdrawn").values_list(
        "data__reason", flat=True
    )
    assert list(reasons) == ["Sent twice by mistake."] * 3
    assert AuditEvent.objects.filter(action="nomination.bulk_withdrawn").count() == 1


def test_withdraw_selection_needs_a_reason(three, staff_user):
    with pytest.raises(NominationSelectionRefused, match="Say why the nominations are withdrawn"):
        withdraw_selection(three, staff_user, " ")

    assert [state[0] for state in states(three)] == ["submitted"] * 3


# The admin: the list, the confirmation page, the action ---------------------------------------


def test_nominations_list_offers_the_bulk_actions_with_a_checkbox_per_row(staff_client, three):
    response = staff_client.get(reverse("nomination:index"), {"year": "", "status": ""})

    html = response.content.decode()
    assert html.count('data-bulk-action-checkbox class="bulk-action-checkbox"') == 3
    assert reverse("wagtail_bulk_action", args=("awards", "nomination", "record_eligibility")) in (
        html
    )
    assert f'id="nomination_{three[0].pk}_title"' in html


def test_confirmation_page_states_the_count_and_changes_nothing(staff_client, three):
    response = staff_client.get(bulk_url("record_eligibility", three[:2]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "This will act on 2 nominations:" in html
    assert three[0].code in html and three[1].code in html
    assert three[2].code not in html
    assert states(three) == [("submitted", PENDING, "")] * 3


def test_confirming_records_eligibility_for_the_selection(staff_client, three):
    next_url = reverse("nomination:index")
    url = bulk_url("record_eligibility", three[:2], next=next_url)

    response = staff_client.post(url, {"decision": ELIGIBLE, "reason": ""})

    assert response.status_code == 302
    assert response["Location"] == next_url
    assert states(three) == [
        ("submitted", ELIGIBLE, ""),
        ("submitted", ELIGIBLE, ""),
        ("submitted", PENDING, ""),
    ]


def test_confirming_ineligible_without_a_reason_shows_the_form_again(staff_client, three):
    response = staff_client.post(bulk_url("record_eligibility", three), {"decision": INELIGIBLE})

    assert response.status_code == 200
    assert "Say why the nomination is ineligible." in response.content.decode()
    assert states(three) == [("submitted", PENDING, "")] * 3


def test_confirming_with_a_draft_in_the_selection_names_it_and_changes_nothing(staff_client, three):
    draft = NominationFactory(cycle=three[0].cycle)

    response = staff_client.post(
        bulk_url("record_eligibility", [*three, draft]), {"decision": ELIGIBLE}
    )

    assert response.status_code == 200
    assert f"Leave out: {draft.code}." in response.content.decode()
    assert states(three) == [("submitted", PENDING, "")] * 3


def test_a_selection_naming_an_unknown_nomination_is_refused_whole(staff_client, three):
    missing = max(n.pk for n in three) + 1000
    url = bulk_url("record_eligibility", three) + f"&id={missing}"

    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url, {"decision": ELIGIBLE}).status_code == 404
    assert states(three) == [("submitted", PENDING, "")] * 3


def test_select_all_in_listing_takes_the_filtered_list(staff_client, three):
    other_cycle = submitted()
    url = reverse("wagtail_bulk_action", args=("awards", "nomination", "record_eligibility"))
    query = {"id": "all", "cycle": three[0].cycle.pk, "year": "", "status": ""}

    page = staff_client.get(url, query)
    response = staff_client.post(f"{url}?{urlencode(query)}", {"decision": ELIGIBLE})

    assert "This will act on 3 nominations:" in page.content.decode()
    assert response.status_code == 302
    assert [state[1] for state in states(three)] == [ELIGIBLE] * 3
    assert states([other_cycle]) == [("submitted", PENDING, "")]


def test_confirming_withdraw_moves_the_selection_to_withdrawn(staff_client, three):
    page = staff_client.get(bulk_url("withdraw", three))
    response = staff_client.post(bulk_url("withdraw", three), {"reason": "Duplicates."})

    assert "This will act on 3 nominations:" in page.content.decode()
    assert response.status_code == 302
    assert [state[0] for state in states(three)] == ["withdrawn"] * 3


def test_wagtails_bulk_action_hooks_see_the_selection_and_may_stop_it(staff_client, three):
    """A site's before/after_bulk_action hooks (Wagtail's own way to watch or veto a bulk
    action) run for these actions too; a response from the "before" hook stops it."""
    seen = []

    def watch(request, action_type, objects, action):
        seen.append((action_type, sorted(nomination.pk for nomination in objects)))

    def refuse(request, action_type, objects, action):
        return HttpResponse("Not today", status=409)

    with hooks.register_temporarily("after_bulk_action", watch):
        staff_client.post(bulk_url("withdraw", three[:2]), {"reason": "Duplicates."})
    with hooks.register_temporarily("before_bulk_action", refuse):
        refused = staff_client.post(bulk_url("withdraw", three[2:]), {"reason": "Duplicates."})

    assert seen == [("withdraw", sorted(nomination.pk for nomination in three[:2]))]
    assert refused.status_code == 409
    assert [state[0] for state in states(three)] == ["withdrawn", "withdrawn", "submitted"]


@pytest.mark.parametrize("action", ["record_eligibility", "withdraw"])
def test_nominators_and_reviewers_cannot_use_the_bulk_actions(
    client, user, reviewer_user, in_admin_only, three, action
):
    """A nominator (their own nomination included) or a reviewer is sent to sign in; a
    reviewer let into the admin gets 404; nothing changes either way."""
    own = submitted(cycle=three[0].cycle, nominator=user)
    chosen = [*three, own]
    data = {"decision": ELIGIBLE, "reason": "Because."}

    client.force_login(user)
    for response in (client.get(bulk_url(action, chosen)), client.post(bulk_url(action, chosen))):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    client.force_login(in_admin_only)
    refused = [client.get(bulk_url(action, chosen)), client.post(bulk_url(action, chosen), data)]

    assert [response.status_code for response in refused] == [404, 404]
    assert three[0].nominee_last_name.encode() not in refused[0].content
    assert states(chosen) == [("submitted", PENDING, "")] * 4
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("action", ["record_eligibility", "withdraw"])
def test_confirmation_page_query_count_does_not_grow_with_the_selection(
    staff_client, three, action
):
    def page_queries(chosen) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(bulk_url(action, chosen))
        assert response.status_code == 200
        assert f"This will act on {len(chosen)} nomination" in response.content.decode()
        return len(queries)

    staff_client.get(bulk_url(action, three[:1]))  # warms process-wide caches
    one = page_queries(three[:1])
    many = [*three, *(submitted(cycle=three[0].cycle) for _ in range(27))]

    assert page_queries(many) == one
