"""Staff notes and tags on a nomination: staff only, each change audited, tags one list whatever
the case a name is typed in."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone

from awards.domain.notes import NOTE_MAX_LENGTH, NoteRefused, TagsRefused, add_staff_note, set_tags
from awards.models import Nomination, NominationTag, StaffNote
from portal.models import AuditEvent
from tests.awards.factories import NominationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination():
    return NominationFactory(status=Nomination.Status.SUBMITTED, submitted_at=timezone.now())


def tag_names_of(nomination) -> list[str]:
    return sorted(nomination.tags.values_list("name", flat=True))


def test_staff_note_is_kept_with_its_author_and_audited_without_its_text(nomination, staff_user):
    note = add_staff_note(staff_user, nomination, "  Called the principal: all true.  ")

    assert StaffNote.objects.get() == note
    assert note.text == "Called the principal: all true."
    assert note.author == staff_user
    assert note.share_with_reviewers is False
    event = AuditEvent.objects.get(action="nomination.note_added")
    assert event.actor == staff_user
    assert event.object_code == nomination.code
    assert event.data == {"note": note.pk, "shared_with_reviewers": False}
    assert "principal" not in str(event.data)


def test_staff_note_shared_with_reviewers_says_so(nomination, staff_user):
    note = add_staff_note(staff_user, nomination, "Letters arrived late by post.", True)

    assert note.share_with_reviewers is True
    assert (
        AuditEvent.objects.get(action="nomination.note_added").data["shared_with_reviewers"] is True
    )


@pytest.mark.parametrize("text", ["", "   \n  ", "x" * (NOTE_MAX_LENGTH + 1)])
def test_staff_note_empty_or_too_long_is_refused(nomination, staff_user, text):
    with pytest.raises(NoteRefused):
        add_staff_note(staff_user, nomination, text)

    assert StaffNote.objects.count() == 0
    assert AuditEvent.objects.filter(action="nomination.note_added").count() == 0


@pytest.mark.parametrize("role", ["nominator", "reviewer", "other nominator", "anonymous"])
def test_notes_and_tags_by_anyone_but_staff_are_refused(nomination, reviewer_user, role):
    user = {
        "nominator": nomination.nominator,
        "reviewer": reviewer_user,
        "other nominator": UserFactory(),
        "anonymous": AnonymousUser(),
    }[role]

    with pytest.raises(PermissionDenied):
        add_staff_note(user, nomination, "Mine.", True)
    with pytest.raises(PermissionDenied):
        set_tags(user, nomination, ["mine"])

    assert StaffNote.objects.count() == 0
    assert NominationTag.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_tags_set_replace_the_nominations_tags_and_audit_the_change(nomination, staff_user):
    set_tags(staff_user, nomination, "strong letters, follow up")
    tags = set_tags(staff_user, nomination, ["Follow up", "finalist?"])

    assert [tag.name for tag in tags] == ["finalist?", "follow up"]
    assert tag_names_of(nomination) == ["finalist?", "follow up"]
    # "strong letters" stays in the foundation's list for the next nomination.
    assert sorted(NominationTag.objects.values_list("name", flat=True)) == [
        "finalist?",
        "follow up",
        "strong letters",
    ]
    events = AuditEvent.objects.filter(action="nomination.tags_set").order_by("pk")
    assert [event.data for event in events] == [
        {"added": ["follow up", "strong letters"], "removed": []},
        {"added": ["finalist?"], "removed": ["strong letters"]},
    ]
    assert {event.actor for event in events} == {staff_user}


def test_tags_are_one_list_whatever_the_case_they_are_typed_in(staff_user):
    first, second = NominationFactory(), NominationFactory()

    set_tags(staff_user, first, ["Strong Letters"])
    set_tags(staff_user, second, ["strong letters", "STRONG LETTERS"])

    assert NominationTag.objects.count() == 1
    assert tag_names_of(second) == ["Strong Letters"]


def test_tags_table_refuses_a_name_differing_only_in_case(staff_user):
    NominationTag.objects.create(name="Follow up")

    with pytest.raises(IntegrityError):
        NominationTag.objects.create(name="FOLLOW UP", slug="follow-up-2")


def test_tags_set_to_nothing_removes_them_all(nomination, staff_user):
    set_tags(staff_user, nomination, ["a", "b"])

    assert set_tags(staff_user, nomination, "") == []

    assert tag_names_of(nomination) == []
    assert AuditEvent.objects.filter(action="nomination.tags_set").order_by("pk").last().data == {
        "added": [],
        "removed": ["a", "b"],
    }


def test_tags_set_unchanged_writes_no_audit_event(nomination, staff_user):
    set_tags(staff_user, nomination, ["a"])

    set_tags(staff_user, nomination, ["A"])

    assert AuditEvent.objects.filter(action="nomination.tags_set").count() == 1


def test_tag_longer_than_a_name_holds_is_refused(nomination, staff_user):
    with pytest.raises(TagsRefused, match="A tag holds at most 100 characters"):
        set_tags(staff_user, nomination, ["ok", "x" * 101])

    assert NominationTag.objects.count() == 0
