"""Publishing results in a browser: one staff member marks the winner and asks for publication
at a set time, a second approves, the results page shows the winner from that time, and the
outbox holds exactly the expected e-mails, the winner's with a certificate naming them."""

import io
import re
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from awards.models import Dossier, Nomination
from review.models import Publication, ReviewSettings

PASSWORD = "a-long-staff-passphrase-2026"


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
    winner = NominationFactory(
        cycle=cycle,
        dossier=Dossier.objects.create(cycle=cycle),
        status=Nomination.Status.SUBMITTED,
        submitted_at=timezone.now(),
        nominee_first_name="Annie",
        nominee_last_name="Easley",
        nominee_email="annie.easley@school.example",
        nominator=UserFactory(email="proud.nominator@example.org"),
    )
    return cycle, staff, winner


def sign_in(page, live_server, user, path):
    page.goto(live_server.url + "/accounts/login/?next=" + path)
    page.get_by_role("textbox", name=re.compile("^Email")).fill(user.email)
    page.get_by_role("textbox", name=re.compile("^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture(params=["nothing kept", "page cache and site data"])
def caching(request):
    """The test settings keep nothing; production keeps pages and site data (and a live server's
    transactions commit, so publishing moves the generation as it does there)."""
    if request.param != "nothing kept":
        request.getfixturevalue("page_cache")
        request.getfixturevalue("kept_site_data")
    return request.param


def visit_anonymously(page, url: str):
    """The page as a visitor who is not signed in sees it, in a browser of their own."""
    context = page.context.browser.new_context()
    try:
        visitor = context.new_page()
        visitor.goto(url)
        return visitor.locator("main").inner_text()
    finally:
        context.close()


def test_two_staff_publish_results_at_a_set_time(page, live_server, committee, caching):
    cycle, (first, second), winner = committee
    path = f"/admin/review/committee/{cycle.pk}/"
    sign_in(page, live_server, first, path)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Committee decisions")

    dossier_field = page.locator(f'input[name="dossier"][value="{winner.dossier_id}"]')
    form = page.locator("form", has=dossier_field)
    form.get_by_label("Outcome").select_option("winner")
    form.get_by_label("Public citation").fill("Wrote the code that sent Centaur to orbit.")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Decision saved.")).to_be_visible()

    # Far enough ahead that two sign-ins and an approval fit before it on a loaded machine.
    at = timezone.localtime(timezone.now() + timedelta(seconds=30), ZoneInfo(settings.TIME_ZONE))
    page.get_by_label(re.compile("Make the winners public at")).fill(
        at.strftime("%Y-%m-%dT%H:%M:%S")
    )
    page.get_by_role("button", name="Request publishing").click()
    expect(page.get_by_text("You requested this publication")).to_be_visible()
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)

    # The second staff member, in a browser of their own (closed before the server stops).
    second_context = page.context.browser.new_context()
    try:
        second_page = second_context.new_page()
        sign_in(second_page, live_server, second, path)
        second_page.get_by_role("button", name="Approve and publish").click()
        expect(second_page.get_by_text("Approved.")).to_be_visible()
    finally:
        second_context.close()
    publication = Publication.objects.get(cycle=cycle)
    assert publication.status == Publication.Status.PUBLISHED
    assert publication.approved_by == second

    # Before its time the results page is not there, for staff as for the public.
    assert timezone.now() < at - timedelta(seconds=5), "the steps above took too long to tell"
    results_url = live_server.url + publication.results_page.url
    assert page.goto(results_url).status == 404
    expect(page.get_by_text("Annie Easley")).to_have_count(0)
    assert "Annie Easley" not in visit_anonymously(page, results_url)
    assert mail.outbox == []

    time.sleep(max(0.0, (at - timezone.now()).total_seconds()) + 1)
    page.goto(results_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("results")
    expect(page.get_by_text(re.compile("Annie Easley"))).to_be_visible()
    assert "Annie Easley" in visit_anonymously(page, results_url)

    call_command("send_due_messages")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "annie.easley@school.example",
        "proud.nominator@example.org",
    ]
    (message,) = [m for m in mail.outbox if m.to == ["annie.easley@school.example"]]
    (_, content, _), *_ = message.attachments
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Annie Easley" in text
