"""A visitor reaches an award page from the home page by keyboard alone, and axe-core finds no
serious accessibility problem on the way."""

import re

from playwright.sync_api import expect


def tab_to(page, name: str, limit: int = 40) -> None:
    """Press Tab until the focused element's accessible text is `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement && document.activeElement.innerText.trim()")
        if text == name:
            return
    raise AssertionError(f"{name!r} was not reached with {limit} presses of Tab")


def test_home_page_skip_link_moves_focus_to_main(page, live_server, demo_site, axe):
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("Lakeside Schools Foundation"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert axe(page) == []


def test_award_page_reached_by_keyboard_from_home(page, live_server, demo_site, axe):
    page.goto(live_server.url + "/")
    tab_to(page, "Awards")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/awards/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Awards")
    assert axe(page) == []

    tab_to(page, "Curiosity Prize for K-8 Science Teaching")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/awards/k8-science-teacher/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Curiosity Prize for K-8 Science Teaching"
    )
    assert axe(page) == []


def test_award_page_fits_a_phone_screen(browser, live_server, demo_site, axe):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/awards/student-leadership-scholarship/")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
    assert axe(page) == []
    context.close()
