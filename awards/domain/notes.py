"""Staff's own notes on a nomination, and the tags they sort nominations by. Both belong to
staff: a note reaches reviewers only when staff share it, a tag never leaves the admin."""

from django.db import IntegrityError, transaction
from taggit.utils import parse_tags

from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_change_nominations, require

from ..models import Nomination, NominationTag, StaffNote

NOTE_MAX_LENGTH = 5000
TAG_MAX_LENGTH = NominationTag._meta.get_field("name").max_length


class NoteRefused(DomainError):
    """The note cannot be added as written; the message says why, for staff."""


class TagsRefused(DomainError):
    """The tags cannot be set as typed; the message says why, for staff."""


def add_staff_note(
    user, nomination: Nomination, text: str, share_with_reviewers: bool = False
) -> StaffNote:
    """Staff write a note on a nomination; shared with reviewers, the reviewers assigned to its
    candidate read it beside the nomination (and in their PDF of it).

    Side effects: a StaffNote; an audit event (that a note was added and whether it is shared,
    never its text). Raises PermissionDenied (not staff) or NoteRefused (no text, or longer than
    NOTE_MAX_LENGTH).
    """
    require(can_change_nominations(user))
    text = (text or "").strip()
    if not text:
        raise NoteRefused("Write the note first.")
    if len(text) > NOTE_MAX_LENGTH:
        raise NoteRefused(f"A note holds at most {NOTE_MAX_LENGTH} characters.")
    with transaction.atomic():
        note = StaffNote.objects.create(
            nomination=nomination,
            author=user,
            text=text,
            share_with_reviewers=share_with_reviewers,
        )
        audit(
            user,
            "nomination.note_added",
            nomination,
            note=note.pk,
            shared_with_reviewers=share_with_reviewers,
        )
    return note


def tag_names(value: str | list[str]) -> list[str]:
    """The distinct tag names in `value` (typed as "a, b" or "a b", or given as a list), in the
    order given; the same name written twice in different case counts once."""
    names = parse_tags(value) if isinstance(value, str) else [name.strip() for name in value]
    distinct: dict[str, str] = {}
    for name in names:
        if name:
            distinct.setdefault(name.casefold(), name)
    return list(distinct.values())


def set_tags(user, nomination: Nomination, names: str | list[str]) -> list[NominationTag]:
    """Staff set a nomination's tags to exactly `names` (an empty list removes them all). A name
    matches an existing tag whatever its case ("Strong letters" is "strong letters"); a new name
    becomes a tag as typed. Returns the nomination's tags, by name.

    Side effects: tags created for new names; the nomination's tags replaced; an audit event
    with the names added and removed (none when nothing changed). Raises PermissionDenied (not
    staff) or TagsRefused (a name longer than TAG_MAX_LENGTH).
    """
    require(can_change_nominations(user))
    wanted = tag_names(names)
    too_long = [name for name in wanted if len(name) > TAG_MAX_LENGTH]
    if too_long:
        raise TagsRefused(f"A tag holds at most {TAG_MAX_LENGTH} characters: {too_long[0]}")
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        before = {tag.pk: tag for tag in locked.tags.all()}
        tags = [_tag_named(name) for name in wanted]
        locked.tags.set(tags)
        added = sorted(tag.name for tag in tags if tag.pk not in before)
        kept = {tag.pk for tag in tags}
        removed = sorted(tag.name for pk, tag in before.items() if pk not in kept)
        if added or removed:
            audit(user, "nomination.tags_set", locked, added=added, removed=removed)
    return sorted(tags, key=lambda tag: tag.name.casefold())


def _tag_named(name: str) -> NominationTag:
    """The tag called `name` in any case, made if there is none."""
    found = NominationTag.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    # Another request may make the same tag between the look-up and the insert; the
    # case-insensitive constraint refuses the second, and the look-up then finds the first.
    try:
        with transaction.atomic():
            return NominationTag.objects.create(name=name)
    except IntegrityError:
        return NominationTag.objects.get(name__iexact=name)
