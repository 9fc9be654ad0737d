"""The audit log is append-only where it is stored: the database itself refuses to change or
remove a row, whatever code asks (the ORM, a bulk update, raw SQL). The one change it allows is
erasing the actor, what deleting their account does, and staff read it in the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from portal.models import AuditEvent, audit
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(staff_user):
    cycle_like = UserFactory()  # any object with a primary key will do
    return audit(staff_user, "cycle.deadline_extended", cycle_like, days=3)


def refused(operation) -> bool:
    """True when the database refuses `operation` (and nothing it did stays)."""
    try:
        with transaction.atomic():
            operation()
    except IntegrityError:
        return True
    return False


def stored(event) -> tuple:
    return AuditEvent.objects.filter(pk=event.pk).values_list(
        "action", "object_type", "object_code", "data", "user_id", "timestamp"
    )[0]


def test_audit_event_cannot_be_changed_by_a_bulk_update(event):
    before = stored(event)

    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action="nothing"))
    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(data={}))
    assert stored(event) == before


def test_audit_event_cannot_be_deleted_by_a_queryset(event):
    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    assert AuditEvent.objects.filter(pk=event.pk).exists() is True


def test_audit_log_cannot_be_emptied_by_raw_sql(event):
    def delete_all():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM portal_auditevent")

    assert refused(delete_all)
    assert AuditEvent.objects.count() == 1


def test_audit_log_cannot_be_truncated(event):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (a DELETE without WHERE is refused above)")

    def truncate():
        with connection.cursor() as cursor:
            # The test's transaction holds deferred foreign-key checks; committed rows have none.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE portal_auditevent")

    assert refused(truncate)
    assert AuditEvent.objects.count() == 1


def test_audit_event_actor_may_be_erased_and_nothing_else_with_it(event):
    before = stored(event)

    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(user=None, data={}))
    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(user=UserFactory()))
    AuditEvent.objects.filter(pk=event.pk).update(user=None)

    assert stored(event) == (*before[:4], None, before[5])


def test_deleting_an_account_keeps_its_audit_events_without_the_actor(event, staff_user):
    staff_user.delete()

    event.refresh_from_db()
    assert event.user_id is None
    assert event.action == "cycle.deadline_extended"


# Reading it in the admin


def test_audit_log_lists_events_for_staff(client, event, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("audit_log:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "cycle.deadline_extended" in html
    assert event.object_code in html


def test_audit_log_search_finds_an_object_code(client, event, staff_user):
    # A school's code: a bare primary key would also be found inside other ids and addresses.
    other = audit(staff_user, "school.imported", SchoolFactory())
    client.force_login(staff_user)

    response = client.get(reverse("audit_log:index"), {"q": other.object_code})

    assert [row.pk for row in response.context["object_list"]] == [other.pk]


def test_audit_log_filters_by_action(client, event, staff_user):
    audit(staff_user, "school.imported", UserFactory())
    client.force_login(staff_user)

    response = client.get(reverse("audit_log:index"), {"action": "cycle.deadline_extended"})

    assert [row.pk for row in response.context["object_list"]] == [event.pk]


def test_audit_log_shows_one_event_to_staff(client, event, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("audit_log:inspect", args=(event.pk,)))

    assert response.status_code == 200
    assert "cycle.deadline_extended" in response.content.decode()


@pytest.mark.parametrize("role", ["staff_user", "superuser"])
def test_audit_log_cannot_be_added_to_changed_or_deleted_in_the_admin(request, client, event, role):
    client.force_login(request.getfixturevalue(role))
    before = stored(event)

    pages = [
        client.get(reverse("audit_log:add")),
        client.post(reverse("audit_log:add"), {"action": "forged", "object_type": "x"}),
        client.get(reverse("audit_log:edit", args=(event.pk,))),
        client.post(reverse("audit_log:edit", args=(event.pk,)), {"action": "forged"}),
        client.post(reverse("audit_log:delete", args=(event.pk,))),
    ]

    # Wagtail answers "no permission" by sending back to the admin's home page.
    assert [(page.status_code, page["Location"]) for page in pages] == [(302, "/admin/")] * 5
    assert stored(event) == before
    assert AuditEvent.objects.count() == 1


def test_audit_log_is_refused_to_admin_users_without_its_permission(client, event):
    editor = UserFactory(verified=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)

    response = client.get(reverse("audit_log:index"))

    assert (response.status_code, response["Location"]) == (302, "/admin/")
