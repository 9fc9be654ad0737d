"""Announcing each outcome in a browser: staff decide a winner, a finalist and an honourable
mention on the committee screen, read the e-mails each person will get (previewed with the real
candidates), two staff members publish, the public page lists the winner first, and the outbox
holds for each nominee and nominator the message of their own outcome, and nothing else."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Dossier, Nomination
from review.models import Publication, ReviewSettings

PASSWORD = "a-long-staff-passphrase-2026"
# Decided in this order (the last first): neither the order of deciding nor the outcomes' names
# may set the order of the results page.
CANDIDATES = [
    ("Hedy", "Lamarr", "honourable_mention", "Honourable mention"),
    ("Grace", "Hopper", "finalist", "Finalist"),
    ("Annie", "Easley", "winner", "Winner"),
]
# What each outcome's e-mail says, and no other outcome's may.
SAYS = {
    "winner": r"\b(have|has) won\b",
    "finalist": r"\bfinalist\b",
    "honourable_mention": r"\bhonourable mention\b",
    "not_selected": r"\bnot selected\b",
}


@pytest.fixture
def committee(demo_site):
    from allauth.account.models import EmailAddress

    from awards.queries import open_cycle_for
    from tests.awards.factories import NominationFactory
    from tests.factories import UserFactory, join_staff_group

    cycle = open_cycle_for(demo_site["k8-science-teacher"])
    # Nominations have closed: results may be published.
    cycle.closes_at, cycle.grace_period = timezone.now() - timedelta(minutes=5), None
    cycle.save()
    ReviewSettings.objects.create(cycle=cycle)
    staff = []
    for email in ("first.staff@foundation.example", "second.staff@foundation.example"):
        user = UserFactory(email=email)
        user.set_password(PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        join_staff_group(user)
        staff.append(user)
    for first, last, _, _ in CANDIDATES:
        NominationFactory(
            cycle=cycle,
            dossier=Dossier.objects.create(cycle=cycle),
            status=Nomination.Status.SUBMITTED,
            submitted_at=timezone.now(),
            nominee_first_name=first,
            nominee_last_name=last,
            nominee_email=f"{first.lower()}@school.example",
            nominator=UserFactory(email=f"nominator.of.{first.lower()}@example.org"),
        )
    return cycle, staff


def sign_in(page, live_server, user, path):
    page.goto(live_server.url + "/accounts/login/?next=" + path)
    page.get_by_role("textbox", name=re.compile("^Email")).fill(user.email)
    page.get_by_role("textbox", name=re.compile("^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def serious_violations_in(page, selector: str, axe_script) -> list:
    """axe-core on one part of an admin screen (Wagtail's own chrome is not ours to judge)."""
    from tests.e2e.conftest import settle

    settle(page)
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate(
        "async (selector) => await axe.run(document.querySelector(selector),"
        " {resultTypes: ['violations']})",
        selector,
    )
    return [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_each_outcome_is_previewed_published_in_order_and_announced(
    page, live_server, committee, axe
):
    from tests.e2e.conftest import AXE_SCRIPT

    cycle, (first, second) = committee
    path = f"/admin/review/committee/{cycle.pk}/"
    sign_in(page, live_server, first, path)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Committee decisions")

    for first_name, last_name, outcome, _ in CANDIDATES:
        # Each candidate's decision form sits in the row under theirs, named after them.
        form = page.get_by_role("form", name=f"Decision on {first_name} {last_name}")
        form.get_by_label("Outcome").select_option(outcome)
        form.get_by_label("Public citation").fill(f"{first_name} changed how we teach.")
        form.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Decision saved.")).to_be_visible()

    # The preview: each outcome's e-mails with its real candidate, before anything is sent.
    preview = page.get_by_role("region", name="Announcement e-mails")
    for first_name, last_name, outcome, label in CANDIDATES:
        to_nominee = preview.get_by_role("article", name=f"{label}: to the nominee")
        expect(to_nominee).to_contain_text(f"{first_name.lower()}@school.example")
        expect(to_nominee).to_contain_text(f"{first_name} {last_name}")
        expect(to_nominee).to_contain_text(f"{first_name} changed how we teach.")
        expect(to_nominee).to_contain_text(re.compile(SAYS[outcome], re.IGNORECASE))
        to_nominator = preview.get_by_role("article", name=f"{label}: to a nominator")
        expect(to_nominator).to_contain_text(f"nominator.of.{first_name.lower()}@example.org")
        expect(to_nominator).to_contain_text(re.compile(SAYS[outcome], re.IGNORECASE))
    expect(preview).not_to_contain_text(re.compile(SAYS["not_selected"], re.IGNORECASE))
    selector = 'section[aria-labelledby="announcements-heading"]'
    assert serious_violations_in(page, selector, AXE_SCRIPT) == []
    assert mail.outbox == []

    page.get_by_role("button", name="Request publishing").click()
    expect(page.get_by_text("You requested this publication")).to_be_visible()

    second_context = page.context.browser.new_context()
    try:
        second_page = second_context.new_page()
        sign_in(second_page, live_server, second, path)
        # The approver reads the same preview.
        expect(
            second_page.get_by_role("region", name="Announcement e-mails").get_by_role(
                "article", name="Winner: to the nominee"
            )
        ).to_contain_text("Annie Easley")
        second_page.get_by_role("button", name="Approve and publish").click()
        expect(second_page.get_by_text("Approved.")).to_be_visible()
    finally:
        second_context.close()
    publication = Publication.objects.get(cycle=cycle)
    assert publication.status == Publication.Status.PUBLISHED

    # The public page, top down: the winner, the finalist, the honourable mention.
    # A phone; the site's CSP would refuse the injected axe-core script.
    visitor_context = page.context.browser.new_context(
        viewport={"width": 360, "height": 800}, bypass_csp=True
    )
    try:
        visitor = visitor_context.new_page()
        visitor.goto(live_server.url + publication.results_page.url)
        expect(visitor.get_by_role("heading", level=1)).to_contain_text("results")
        names = visitor.locator(".winner__name").all_inner_texts()
        assert [name.split(",")[0] for name in names] == [
            "Annie Easley",
            "Grace Hopper",
            "Hedy Lamarr",
        ]
        violations = axe(visitor)
        assert violations == [], axe.describe(violations)
        scroll, view = visitor.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= view
    finally:
        visitor_context.close()

    # Each nominee and nominator: one e-mail, of their own outcome only.
    sent = {}
    for message in mail.outbox:
        sent.setdefault(message.to[0], []).append(message)
    assert sorted(sent) == sorted(
        address
        for first_name, *_ in CANDIDATES
        for address in (
            f"{first_name.lower()}@school.example",
            f"nominator.of.{first_name.lower()}@example.org",
        )
    )
    for first_name, last_name, outcome, _ in CANDIDATES:
        for address in (
            f"{first_name.lower()}@school.example",
            f"nominator.of.{first_name.lower()}@example.org",
        ):
            (message,) = sent[address]
            text = f"{message.subject}\n{message.body}"
            assert f"{first_name} {last_name}" in text
            assert re.search(SAYS[outcome], text, re.IGNORECASE), (address, text)
            for other, phrase in SAYS.items():
                if other != outcome:
                    assert not re.search(phrase, text, re.IGNORECASE), (address, other)
    (winner_message,) = sent["annie@school.example"]
    assert [name for name, *_ in winner_message.attachments] == ["certificate.pdf"]
