"""Staff notes and tags on the nomination's admin page, and the nominations list by tag."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.domain.notes import add_staff_note, set_tags
from awards.models import Nomination, NominationTag, StaffNote
from tests.awards.factories import NominationFactory

pytestmark = pytest.mark.django_db

ALL = {"year": "", "status": ""}


def submitted(**fields) -> Nomination:
    fields.setdefault("status", Nomination.Status.SUBMITTED)
    fields.setdefault("submitted_at", timezone.now())
    return NominationFactory(**fields)


@pytest.fixture
def nomination():
    return submitted(nominee_first_name="Jordan", nominee_last_name="Lee")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def detail_url(nomination):
    return reverse("nomination:inspect", args=(nomination.code,))


def note_url(nomination):
    return reverse("nomination:add_note", args=(nomination.code,))


def tags_url(nomination):
    return reverse("nomination:set_tags", args=(nomination.code,))


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def messages_of(response) -> list[str]:
    # Wagtail's messages end with the markup of their (here absent) buttons.
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


# The nomination's page --------------------------------------------------------------------------


def test_staff_add_a_note_and_read_it_on_the_page(staff_client, nomination, staff_user):
    response = staff_client.post(
        note_url(nomination), {"text": "Called the school: confirmed.", "share_with_reviewers": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    assert messages_of(response) == ["Note added, for staff only."]
    note = StaffNote.objects.get()
    assert (note.nomination, note.author, note.share_with_reviewers) == (
        nomination,
        staff_user,
        False,
    )
    page = text_of(staff_client.get(detail_url(nomination)))
    assert "Called the school: confirmed." in page
    assert f"by {staff_user.email}" in page
    assert "Staff only" in page


def test_notes_are_listed_newest_first_in_the_foundations_time_zone(
    staff_client, nomination, staff_user, settings
):
    settings.TIME_ZONE = "America/Los_Angeles"
    older = add_staff_note(staff_user, nomination, "The older note.")
    newer = add_staff_note(staff_user, nomination, "The newer note.", True)
    StaffNote.objects.filter(pk=older.pk).update(
        created_at=datetime(2026, 12, 3, 17, 5, tzinfo=UTC)
    )
    StaffNote.objects.filter(pk=newer.pk).update(
        created_at=datetime(2026, 12, 4, 2, 30, tzinfo=UTC)
    )

    page = text_of(staff_client.get(detail_url(nomination)))

    assert page.index("The newer note.") < page.index("The older note.")
    assert "2026-12-03 18:30 PST" in page
    assert "2026-12-03 09:05 PST" in page
    assert "Shared with reviewers" in page


def test_note_without_text_is_refused_and_keeps_what_was_ticked(staff_client, nomination):
    response = staff_client.post(note_url(nomination), {"text": "  ", "share_with_reviewers": "on"})

    assert response.status_code == 200
    assert StaffNote.objects.count() == 0
    assert messages_of(response) == ["The note was not added. Check the form below."]
    form = response.context["note_form"]
    assert form.errors
    assert form["share_with_reviewers"].value() is True


def test_note_too_long_is_refused_and_keeps_the_text(staff_client, nomination):
    typed = "Long story. " * 500

    response = staff_client.post(note_url(nomination), {"text": typed})

    assert response.status_code == 200
    assert StaffNote.objects.count() == 0
    assert response.context["note_form"]["text"].value() == typed
    # The other forms of the page still post to their own addresses, not to the note's.
    html = response.content.decode()
    assert f'action="{detail_url(nomination)}"' in html
    assert f'action="{tags_url(nomination)}"' in html


def test_staff_set_tags_and_see_them_on_the_page(staff_client, nomination):
    response = staff_client.post(tags_url(nomination), {"tags": "strong letters, Follow up"})

    assert response.status_code == 302
    assert messages_of(response) == ["Tags saved: Follow up, strong letters."]
    assert sorted(nomination.tags.values_list("name", flat=True)) == [
        "Follow up",
        "strong letters",
    ]
    page = staff_client.get(detail_url(nomination))
    assert page.context["tags_form"]["tags"].value() == "Follow up, strong letters"


def test_tag_too_long_is_refused_and_keeps_what_was_typed(staff_client, nomination):
    typed = "fine, " + "x" * 101

    response = staff_client.post(tags_url(nomination), {"tags": typed})

    assert response.status_code == 200
    assert NominationTag.objects.count() == 0
    assert response.context["tags_form"]["tags"].value() == typed
    assert response.context["tags_form"].errors["tags"]


def test_note_and_tags_posts_refused_to_nominator_and_reviewer(client, nomination, in_admin_only):
    """The nominator is sent to sign in as for every admin page, even on their own nomination;
    a reviewer let into the admin by mistake gets 404, as for a nomination that does not exist."""
    own = submitted(nominator=nomination.nominator)
    client.force_login(nomination.nominator)
    as_nominator = [
        client.post(note_url(own), {"text": "Mine."}),
        client.post(tags_url(own), {"tags": "mine"}),
    ]
    client.force_login(in_admin_only)
    as_reviewer = [
        client.post(note_url(nomination), {"text": "Mine.", "share_with_reviewers": "on"}),
        client.post(tags_url(nomination), {"tags": "mine"}),
    ]

    for response in as_nominator:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert [response.status_code for response in as_reviewer] == [404, 404]
    assert StaffNote.objects.count() == 0
    assert NominationTag.objects.count() == 0


def test_note_and_tags_addresses_take_no_get(staff_client, nomination):
    assert staff_client.get(note_url(nomination)).status_code == 405
    assert staff_client.get(tags_url(nomination)).status_code == 405


def test_note_on_unknown_code_is_404(staff_client):
    assert staff_client.post(
        "/admin/nomination/notarealcode/notes/", {"text": "x"}
    ).status_code == (404)


def test_note_post_without_csrf_token_is_refused(nomination, staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)

    response = client.post(note_url(nomination), {"text": "x"})

    assert response.status_code == 403
    assert StaffNote.objects.count() == 0


# The nominations list ---------------------------------------------------------------------------


def listed_codes(response) -> set[str]:
    return {item.code for item in response.context["object_list"]}


def test_nominations_list_filters_by_tag_and_shows_the_tags(staff_client, staff_user):
    follow_up, both, untagged = submitted(), submitted(), submitted()
    set_tags(staff_user, follow_up, ["follow up"])
    set_tags(staff_user, both, ["follow up", "strong letters"])
    tag = NominationTag.objects.get(name="strong letters")

    response = staff_client.get(reverse("nomination:index"), {**ALL, "tags": tag.pk})
    everything = staff_client.get(reverse("nomination:index"), ALL)

    assert listed_codes(response) == {both.code}
    assert "follow up, strong letters" in response.content.decode()
    assert listed_codes(everything) == {follow_up.code, both.code, untagged.code}


def test_nominations_list_filter_by_two_tags_lists_each_once(staff_client, staff_user):
    both, one = submitted(), submitted()
    submitted()
    set_tags(staff_user, both, ["a", "b"])
    set_tags(staff_user, one, ["b"])
    pks = list(NominationTag.objects.values_list("pk", flat=True))

    response = staff_client.get(reverse("nomination:index"), {**ALL, "tags": pks})

    codes = [item.code for item in response.context["object_list"]]
    assert sorted(codes) == sorted([both.code, one.code])


def test_nominations_list_query_count_does_not_grow_with_tagged_nominations(
    staff_client, staff_user
):
    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(reverse("nomination:index"), ALL)
        assert response.status_code == 200
        return len(queries)

    set_tags(staff_user, submitted(), ["follow up"])
    staff_client.get(reverse("nomination:index"), ALL)  # warms process-wide caches
    with_one = list_queries()
    for number in range(29):
        set_tags(staff_user, submitted(), ["follow up", f"tag {number}"])

    with_thirty = list_queries()

    assert Nomination.objects.count() == 30
    assert NominationTag.objects.count() == 30
    assert with_thirty == with_one
