"""Nothing typed is lost: answers typed while the connection is down stay in the browser and reach
the server when it is back; a browser's old copy never overwrites newer answers saved since; and
what a person typed before the page's script ran (a slow phone) is saved too."""

import re

import pytest
from playwright.sync_api import expect

from awards import spec
from awards.domain import nominations as ops
from awards.models import Nomination, Question
from tests.awards.factories import NominationFactory
from tests.e2e.conftest import signed_in_page
from tests.factories import UserFactory

AWARD = "k8-science-teacher"
SAVED = re.compile(r"^Saved at ")


@pytest.fixture
def draft(demo_site):
    cycle = demo_site[AWARD].cycles.get()
    return NominationFactory(cycle=cycle, nominator=UserFactory(verified=True), answers={})


def essay_step(draft):
    """The first step with an essay question, and that question."""
    for step in spec.steps_for(spec.questions_for(draft)):
        for question in step.questions:
            if question["kind"] == Question.Kind.LONG_TEXT:
                return step.number, question
    raise AssertionError("the demo award asks no essay question")


def autosaved(response):
    return response.url.endswith("/autosave/") and response.request.method == "POST"


def open_step(page, draft, number):
    page.goto(f"/nominations/{draft.code}/step/{number}/")
    return page


def status(page):
    return page.locator("[data-autosave-status]")


def answer_on_server(draft, key):
    return (Nomination.objects.get(pk=draft.pk).answers or {}).get(key)


def typed_offline(browser, live_server, draft, text):
    """The nominator types `text` into the essay with no connection, then closes the tab (the
    copy stays in the browser) and the connection comes back. Returns a new tab's opener."""
    number, question = essay_step(draft)
    page = signed_in_page(browser, live_server, draft.nominator)
    field = open_step(page, draft, number).get_by_label(question["label"])
    page.context.set_offline(True)
    field.fill(text)
    expect(status(page)).to_contain_text("Not saved to the server yet")
    assert answer_on_server(draft, question["key"]) in (None, "")
    context = page.context
    page.close()

    def reopen():
        context.set_offline(False)
        return open_step(context.new_page(), draft, number)

    return reopen, number, question


def test_answers_typed_offline_reach_the_server_when_the_page_is_opened_again(
    browser, live_server, draft
):
    reopen, _number, question = typed_offline(
        browser, live_server, draft, "Typed on the bus with no signal."
    )
    again = reopen()
    expect(status(again)).to_have_text(SAVED)
    expect(again.get_by_label(question["label"])).to_have_value("Typed on the bus with no signal.")
    assert answer_on_server(draft, question["key"]) == "Typed on the bus with no signal."


def test_an_old_copy_in_the_browser_does_not_overwrite_answers_saved_since(
    browser, live_server, draft
):
    reopen, number, question = typed_offline(
        browser, live_server, draft, "An early version, typed offline."
    )
    # Later the person finishes the answer on another device.
    ops.save_draft(
        Nomination.objects.get(pk=draft.pk),
        draft.nominator,
        answers={question["key"]: "The finished answer, from the laptop."},
    )

    again = reopen()
    expect(again.get_by_label(question["label"])).to_have_value(
        "The finished answer, from the laptop."
    )
    again.wait_for_timeout(2500)  # longer than the autosave's pause
    assert answer_on_server(draft, question["key"]) == "The finished answer, from the laptop."
    assert (
        again.evaluate(f"window.localStorage.getItem('laurel-draft-{draft.code}-{number}')") is None
    )


def test_what_is_typed_before_the_script_runs_is_saved(browser, live_server, draft):
    number, question = essay_step(draft)
    page = signed_in_page(browser, live_server, draft.nominator)
    # The page's script is slow to arrive: the person types first.
    page.route(re.compile(r"/nomination(\.[0-9a-f]+)?\.js$"), lambda route: route.abort())
    open_step(page, draft, number)
    page.get_by_label(question["label"]).fill("Typed while the page was still loading.")
    page.unroute(re.compile(r"/nomination(\.[0-9a-f]+)?\.js$"))
    script = page.locator("script[src*='nomination']").first.get_attribute("src")
    page.add_script_tag(url=script)

    expect(status(page)).to_have_text(SAVED)
    assert answer_on_server(draft, question["key"]) == "Typed while the page was still loading."


def test_two_tabs_on_one_draft_the_older_tab_is_told_and_overwrites_nothing(
    browser, live_server, draft
):
    number, question = essay_step(draft)
    laptop = signed_in_page(browser, live_server, draft.nominator)
    phone = laptop.context.new_page()  # the same browser, a second tab on the same step
    open_step(laptop, draft, number)
    open_step(phone, draft, number)

    for text in ("Written in the first tab.", "Written in the first tab, and finished."):
        # The tab that saved goes on saving, with no prompt.
        with laptop.expect_response(autosaved) as saved:
            laptop.get_by_label(question["label"]).fill(text)
        assert saved.value.status == 200
        expect(status(laptop)).to_have_text(SAVED)
    expect(laptop.locator("[data-changed-elsewhere]")).to_be_hidden()
    assert answer_on_server(draft, question["key"]) == "Written in the first tab, and finished."

    with phone.expect_response(autosaved) as refused:
        phone.get_by_label(question["label"]).fill("Typed in the forgotten tab.")
    assert refused.value.status == 409
    notice = phone.get_by_role("alert").filter(has_text="This draft was changed somewhere else")
    expect(notice).to_be_visible()
    # What was typed stays there to copy; the server keeps the newer answer.
    expect(phone.get_by_label(question["label"])).to_have_value("Typed in the forgotten tab.")
    phone.wait_for_timeout(2500)  # longer than the autosave's pause: nothing more is sent
    assert answer_on_server(draft, question["key"]) == "Written in the first tab, and finished."

    # Pressing the page's own button does not overwrite it either.
    phone.get_by_role("button", name="Save draft").click()
    expect(
        phone.get_by_role("alert").filter(has_text="This draft was changed somewhere else")
    ).to_be_visible()
    expect(phone.get_by_label(question["label"])).to_have_value("Typed in the forgotten tab.")
    assert answer_on_server(draft, question["key"]) == "Written in the first tab, and finished."

    phone.get_by_role("link", name="Open the latest version").click()
    expect(phone.get_by_label(question["label"])).to_have_value(
        "Written in the first tab, and finished."
    )
    expect(
        phone.get_by_role("heading", name="This draft was changed somewhere else")
    ).to_be_hidden()
