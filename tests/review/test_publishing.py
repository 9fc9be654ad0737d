"""Publishing under the two-person rule: the approver approves exactly the decisions they saw.
A publication request freezes the decisions until it is approved or withdrawn."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify

from awards.models import Nomination, NomineeCategory
from cms.models import StandardPage
from portal.models import AuditEvent
from review.domain.decisions import (
    DecisionRefused,
    PublicationRefused,
    approve_publication,
    record_decision,
    request_publication,
    withdraw_publication_request,
)
from review.models import Decision, Publication
from review.results import published_results
from tests.factories import UserFactory

FROZEN = "withdraw the request to change them"


@pytest.fixture
def second_staff(db):
    return UserFactory(staff=True, verified=True)


@pytest.fixture
def candidates(make_candidate, cycle, staff_user, home_page):
    winner = make_candidate(nominee_first_name="Katherine", nominee_last_name="Johnson")
    runner_up = make_candidate(nominee_first_name="Dorothy", nominee_last_name="Vaughan")
    record_decision(cycle, winner.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    record_decision(cycle, runner_up.dossier, staff_user, outcome=Decision.Outcome.FINALIST)
    return winner, runner_up


def committee_url(cycle) -> str:
    return f"/admin/review/committee/{cycle.pk}/"


def test_a_publication_request_freezes_the_decisions(cycle, candidates, staff_user, second_staff):
    winner, runner_up = candidates
    request_publication(cycle, staff_user)
    for who in (staff_user, second_staff):
        with pytest.raises(DecisionRefused, match=FROZEN):
            record_decision(cycle, runner_up.dossier, who, outcome=Decision.Outcome.WINNER)
        with pytest.raises(DecisionRefused, match=FROZEN):
            record_decision(cycle, winner.dossier, who, outcome=Decision.Outcome.NOT_SELECTED)
    assert dict(Decision.objects.values_list("dossier_id", "outcome")) == {
        winner.dossier_id: Decision.Outcome.WINNER,
        runner_up.dossier_id: Decision.Outcome.FINALIST,
    }
    approve_publication(cycle, second_staff)
    assert sorted((r.name, r.outcome) for r in published_results(cycle=cycle)) == [
        ("Dorothy Vaughan", "Finalist"),
        ("Katherine Johnson", "Winner"),
    ]


def test_withdrawing_the_request_thaws_the_decisions_and_leaves_nothing_to_approve(
    cycle, candidates, staff_user, second_staff
):
    _, runner_up = candidates
    request_publication(cycle, staff_user)
    withdraw_publication_request(cycle, second_staff)
    assert Publication.objects.get().status == Publication.Status.WITHDRAWN
    assert AuditEvent.objects.filter(action="results.publication_withdrawn").count() == 1
    record_decision(cycle, runner_up.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    with pytest.raises(PublicationRefused, match="no publication waiting"):
        approve_publication(cycle, second_staff)
    assert published_results(cycle=cycle) == []


def test_the_committee_screen_refuses_a_change_while_publishing_waits(
    client, cycle, candidates, staff_user, second_staff
):
    _, runner_up = candidates
    client.force_login(staff_user)
    client.post(committee_url(cycle), {"action": "request", "publish_at": ""})
    client.force_login(second_staff)
    page = client.get(committee_url(cycle)).content.decode()
    assert "Decisions are frozen while publishing waits for approval" in page
    assert re.search(r'<select id="outcome-\d+" name="outcome" disabled>', page)
    response = client.post(
        committee_url(cycle),
        {"action": "decide", "dossier": runner_up.dossier_id, "outcome": "winner"},
        follow=True,
    )
    assert FROZEN in response.content.decode()
    assert Decision.objects.get(dossier=runner_up.dossier).outcome == Decision.Outcome.FINALIST
    client.post(committee_url(cycle), {"action": "withdraw"})
    response = client.post(
        committee_url(cycle),
        {"action": "decide", "dossier": runner_up.dossier_id, "outcome": "winner"},
        follow=True,
    )
    assert "Decision saved." in response.content.decode()
    assert Decision.objects.get(dossier=runner_up.dossier).outcome == Decision.Outcome.WINNER


def test_an_approval_is_refused_when_the_request_changed_after_the_approver_read_it(
    client, cycle, candidates, staff_user, second_staff
):
    """Withdraw, change a decision and ask again while the approver has the screen open: the
    approval they then send is for decisions they never saw."""
    _, runner_up = candidates
    client.force_login(staff_user)
    client.post(committee_url(cycle), {"action": "request", "publish_at": ""})
    client.force_login(second_staff)
    page = client.get(committee_url(cycle)).content.decode()
    seen = re.search(r'name="request" value="([^"]+)"', page).group(1)

    withdraw_publication_request(cycle, staff_user)
    record_decision(cycle, runner_up.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    request_publication(cycle, staff_user)

    response = client.post(
        committee_url(cycle), {"action": "approve", "request": seen}, follow=True
    )
    assert "changed since you opened this page" in response.content.decode()
    assert Publication.objects.get().status == Publication.Status.AWAITING_APPROVAL
    assert published_results(cycle=cycle) == []
    # Read again, the approver approves what they now see.
    page = client.get(committee_url(cycle)).content.decode()
    current = re.search(r'name="request" value="([^"]+)"', page).group(1)
    client.post(committee_url(cycle), {"action": "approve", "request": current})
    assert Publication.objects.get().status == Publication.Status.PUBLISHED
    assert sorted(r.outcome for r in published_results(cycle=cycle)) == ["Winner", "Winner"]


def test_an_approval_is_refused_when_a_page_already_has_the_results_address(
    client, cycle, candidates, staff_user, second_staff, home_page
):
    """An editor made a page at the address the results page takes: staff read why, and
    nothing is published until that page moves."""
    slug = slugify(f"{cycle.award.slug} {cycle.name} results")
    home_page.add_child(instance=StandardPage(title="Our results", slug=slug))
    request_publication(cycle, staff_user)
    client.force_login(second_staff)
    page = client.get(committee_url(cycle)).content.decode()
    seen = re.search(r'name="request" value="([^"]+)"', page).group(1)

    response = client.post(
        committee_url(cycle), {"action": "approve", "request": seen}, follow=True
    )

    assert f"The slug &#x27;{slug}&#x27; is already in use" in response.content.decode()
    assert Publication.objects.get().status == Publication.Status.AWAITING_APPROVAL
    assert published_results(cycle=cycle) == []
    assert not AuditEvent.objects.filter(action="results.published").exists()


@pytest.fixture(params=["nothing kept", "page cache and site data"])
def caching(request):
    """As the test settings run (nothing kept) and as production does."""
    if request.param != "nothing kept":
        request.getfixturevalue("page_cache")
        request.getfixturevalue("kept_site_data")
    return request.param


def test_a_results_page_scheduled_for_later_is_not_there_before_its_time(
    client, cycle, candidates, staff_user, second_staff, caching, django_capture_on_commit_callbacks
):
    at = timezone.now() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        request_publication(cycle, staff_user, at)
        page = approve_publication(cycle, second_staff).results_page
    before = client.get(page.url)
    assert before.status_code == 404
    assert "Katherine Johnson" not in before.content.decode()
    assert page.title not in before.content.decode()
    assert client.get(page.url).status_code == 404  # nothing kept answers in its place
    assert page.url not in client.get("/sitemap.xml").content.decode()
    # Staff too see the public address as the public does (the admin has its preview).
    staff = Client()
    staff.force_login(staff_user)
    assert staff.get(page.url).status_code == 404

    with time_machine.travel(at - timedelta(seconds=1)):
        assert client.get(page.url).status_code == 404
    with time_machine.travel(at + timedelta(seconds=1)):
        after = client.get(page.url)
        assert after.status_code == 200
        assert "Katherine Johnson" in after.content.decode()
        assert page.url in client.get("/sitemap.xml").content.decode()


# Wagtail leaves the temporary file of a freshly generated rendition for the garbage collector.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in.*SpooledTemporaryFile:pytest.PytestUnraisableExceptionWarning"
)
@pytest.mark.parametrize(
    "consent",
    [
        Nomination.Response.NOT_ASKED,
        Nomination.Response.PENDING,
        Nomination.Response.DECLINED,
        Nomination.Response.ACCEPTED,
    ],
)
def test_a_student_winners_photo_shows_only_with_a_guardians_consent(
    client, cycle, make_candidate, staff_user, second_staff, home_page, consent
):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    cycle.award.category = NomineeCategory.STUDENT
    cycle.award.save()
    student = make_candidate(
        nominee_first_name="Malala", nominee_last_name="Studentname", guardian_consent=consent
    )
    photo = get_image_model().objects.create(
        title="Portrait",
        file=get_test_image_file(filename="malala-portrait.png"),
        collection=Collection.get_first_root_node(),
    )
    record_decision(
        cycle, student.dossier, staff_user, outcome=Decision.Outcome.WINNER, photo=photo
    )
    request_publication(cycle, staff_user)
    html = client.get(approve_publication(cycle, second_staff).results_page.url).content.decode()
    consented = consent == Nomination.Response.ACCEPTED
    assert ("Malala Studentname" in html) is consented
    assert ("malala-portrait" in html) is consented
    assert (".fill-160x160" in html) is consented
    assert [result.photo for result in published_results(cycle=cycle)] == [
        photo if consented else None
    ]


def test_a_typed_publish_time_is_read_in_the_foundations_time_zone(
    client, cycle, candidates, staff_user, second_staff, settings
):
    """17:00 typed on the committee screen is 17:00 where the foundation is, whatever time zone
    the staff members chose for their own admin screens, and the results appear then."""
    from wagtail.users.models import UserProfile

    settings.TIME_ZONE = "America/Los_Angeles"
    for member in (staff_user, second_staff):
        profile = UserProfile.get_for_user(member)
        profile.current_time_zone = "UTC"
        profile.save()
    foundation = ZoneInfo(settings.TIME_ZONE)
    day = (timezone.now().astimezone(foundation) + timedelta(days=3)).date()
    at = datetime.combine(day, time(17, 0), tzinfo=foundation)

    client.force_login(staff_user)
    client.post(committee_url(cycle), {"action": "request", "publish_at": f"{day}T17:00"})
    assert Publication.objects.get().publish_at == at
    client.force_login(second_staff)
    page = client.get(committee_url(cycle)).content.decode()
    assert f"{day:%Y-%m-%d} 17:00" in page
    token = re.search(r'name="request" value="([^"]+)"', page).group(1)
    client.post(committee_url(cycle), {"action": "approve", "request": token})
    url = Publication.objects.get().results_page.url

    public = Client()
    with time_machine.travel(at - timedelta(seconds=1)):
        assert public.get(url).status_code == 404
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "Katherine Johnson" in public.get(url).content.decode()
