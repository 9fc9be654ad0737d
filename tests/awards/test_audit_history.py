"""What an operation records in the audit log is what the admin shows as the object's History
(a nomination's, a candidate's, a cycle's) and in Reports > Site history: one log, read by
Wagtail's own screens, to staff only."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from awards.domain.dossiers import merge_dossiers
from awards.domain.extensions import grant_extension
from awards.domain.notes import add_staff_note
from awards.models import Nomination
from portal.models import AuditEvent, audit
from tests.awards.factories import NominationFactory, candidate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination(cycle):
    return NominationFactory(
        cycle=cycle, status=Nomination.Status.SUBMITTED, submitted_at=timezone.now()
    )


def test_a_note_added_by_staff_shows_in_the_nominations_history(client, nomination, staff_user):
    add_staff_note(staff_user, nomination, "Called the principal.")
    client.force_login(staff_user)

    inspect = client.get(reverse("nomination:inspect", args=(nomination.code,)))
    history = client.get(reverse("nomination:history", args=(nomination.code,)))

    history_url = reverse("nomination:history", args=(nomination.code,))
    assert history_url in inspect.content.decode()
    assert history.status_code == 200
    assert [(entry.action, entry.user) for entry in history.context["object_list"]] == [
        ("nomination.note_added", staff_user)
    ]
    assert "Note added to nomination" in history.content.decode()


def test_a_merge_shows_in_the_candidates_history(client, cycle, staff_user):
    target, other = candidate(cycle), candidate(cycle)
    merge_dossiers(target.dossier, [other.dossier], staff_user)
    client.force_login(staff_user)

    response = client.get(reverse("dossier:history", args=(target.dossier.code,)))

    assert response.status_code == 200
    assert [entry.action for entry in response.context["object_list"]] == ["dossier.merged"]
    assert "Candidates merged" in response.content.decode()


def test_a_deadline_extension_shows_in_the_cycles_history(client, cycle, staff_user):
    grant_extension(
        cycle, UserFactory(), cycle.closes_at + timedelta(days=3), "Illness", staff_user
    )
    client.force_login(staff_user)

    response = client.get(reverse("cycle:history", args=(cycle.pk,)))

    assert response.status_code == 200
    assert [entry.action for entry in response.context["object_list"]] == [
        "cycle.deadline_extended"
    ]
    assert "Cycle deadline extended" in response.content.decode()


def test_site_history_lists_an_operations_event_by_the_objects_code(client, nomination, staff_user):
    add_staff_note(staff_user, nomination, "Called the principal.")
    client.force_login(staff_user)

    response = client.get(reverse("wagtailadmin_reports:site_history"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Note added to nomination" in html
    assert nomination.code in html
    # The log names the object by its code: the nominee's name is not stored with it.
    assert AuditEvent.objects.get().label == nomination.code


def test_site_history_shows_no_nomination_events_to_an_admin_user_without_nomination_rights(
    client, nomination, staff_user, in_admin_only
):
    add_staff_note(staff_user, nomination, "Called the principal.")
    client.force_login(in_admin_only)

    response = client.get(reverse("wagtailadmin_reports:site_history"))

    assert nomination.code not in response.content.decode()


def test_nomination_history_is_not_found_by_an_admin_user_without_nomination_rights(
    client, nomination, staff_user, in_admin_only
):
    add_staff_note(staff_user, nomination, "Called the principal.")
    client.force_login(in_admin_only)

    response = client.get(reverse("nomination:history", args=(nomination.code,)))

    # A nomination the user may not see is not there: the same 404 as a missing one.
    assert response.status_code == 404


def test_what_wagtail_logs_for_a_model_goes_to_the_audit_log(cycle, staff_user):
    log(cycle, "wagtail.edit", user=staff_user)

    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_type, event.object_code) == (
        "wagtail.edit",
        staff_user,
        "awards.cycle",
        str(cycle.pk),
    )


def test_an_unregistered_action_is_refused_and_nothing_is_logged(nomination, staff_user):
    with pytest.raises(ValidationError):
        audit(staff_user, "nomination.teleported", nomination)

    assert AuditEvent.objects.count() == 0
