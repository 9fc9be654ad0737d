"""A staff member writes a note on a nomination, tags it, and finds it again in the nominations
list by that tag."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Nomination, StaffNote
from tests.awards.factories import NominationFactory
from tests.e2e.conftest import signed_in_page
from tests.factories import UserFactory


@pytest.fixture
def nominations(demo_site):
    from awards.queries import open_cycle_for

    cycle = open_cycle_for(demo_site["k8-science-teacher"])
    return [
        NominationFactory(
            cycle=cycle,
            status=Nomination.Status.SUBMITTED,
            submitted_at=timezone.now(),
            form_snapshot=[question.snapshot() for question in cycle.questions.all()],
            nominee_first_name=first,
            nominee_last_name="Okafor",
        )
        for first in ("Chioma", "Emeka")
    ]


def test_staff_note_and_tag_a_nomination_then_filter_the_list_by_the_tag(
    browser, live_server, nominations
):
    chioma, emeka = nominations
    page = signed_in_page(browser, live_server, UserFactory(staff=True, verified=True))
    page.goto(reverse("nomination:inspect", args=(chioma.code,)))

    notes = page.get_by_role("region", name="Staff notes")
    # An empty note is refused, and the box ticked stays ticked.
    notes.get_by_label("Share with reviewers").check()
    notes.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("The note was not added. Check the form below.")).to_be_visible()
    expect(notes.get_by_label("Share with reviewers")).to_be_checked()
    notes.get_by_role("textbox", name="Note").fill("Called the principal: the club is real.")
    notes.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Note added, shared with reviewers.")).to_be_visible()
    expect(notes).to_contain_text("Called the principal: the club is real.")
    expect(notes).to_contain_text("Shared with reviewers")

    tags = page.get_by_role("region", name="Tags")
    tags.get_by_role("textbox", name="Tags").fill("Site visit, strong letters")
    tags.get_by_role("button", name="Save tags").click()
    expect(page.get_by_text("Tags saved: Site visit, strong letters.")).to_be_visible()
    expect(
        page.get_by_role("region", name="Tags").get_by_role("textbox", name="Tags")
    ).to_have_value("Site visit, strong letters")

    page.goto(reverse("nomination:index"))
    expect(page.get_by_role("row").filter(has_text="Emeka Okafor")).to_be_visible()
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Tags").click()
    page.get_by_role("checkbox", name="Site visit").check()

    chioma_row = page.get_by_role("row").filter(has_text="Chioma Okafor")
    expect(chioma_row).to_contain_text("Site visit, strong letters")
    expect(page.get_by_role("row").filter(has_text="Emeka Okafor")).to_have_count(0)
    note = StaffNote.objects.get()
    assert (note.nomination, note.share_with_reviewers) == (chioma, True)
    assert sorted(chioma.tags.names()) == ["Site visit", "strong letters"]
    assert list(emeka.tags.names()) == []
