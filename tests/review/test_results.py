"""Committee decisions and publishing: the two-person rule, scheduling, locking, consent for
students, nothing half-published when the database fails mid-way."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.utils import timezone
from wagtail.models import Page

from awards.domain.nominations import WithdrawalRefused
from awards.models import Nomination, NomineeCategory
from cms.models import ResultsPage
from portal.models import AuditEvent
from review.domain.decisions import (
    DecisionRefused,
    PublicationRefused,
    approve_publication,
    record_decision,
    request_publication,
    unpublish_results,
)
from review.models import Decision, OutgoingMessage, Publication
from review.results import published_results
from tests.factories import UserFactory


@pytest.fixture
def second_staff(db):
    return UserFactory(staff=True, verified=True)


@pytest.fixture
def winner(make_candidate, cycle, staff_user, home_page):
    candidate = make_candidate(
        nominee_first_name="Katherine", nominee_last_name="Johnson", nominee_role="Math teacher"
    )
    record_decision(
        cycle,
        candidate.dossier,
        staff_user,
        outcome=Decision.Outcome.WINNER,
        citation="Taught a generation to love orbital mechanics.",
    )
    return candidate


def publish(cycle, staff_user, second_staff, publish_at=None):
    request_publication(cycle, staff_user, publish_at)
    return approve_publication(cycle, second_staff)


def announce_winner(cycle, dossier, staff_user, second_staff, capture) -> list[str]:
    """The candidate decided a winner and published (transactions committing, so the
    generation moves); the names the results show."""
    record_decision(cycle, dossier, staff_user, outcome=Decision.Outcome.WINNER)
    with capture(execute=True):
        publish(cycle, staff_user, second_staff)
    return [result.name for result in published_results(cycle=cycle)]


def test_the_requester_cannot_approve_their_own_publication(cycle, winner, staff_user):
    request_publication(cycle, staff_user)
    with pytest.raises(PermissionDenied):
        approve_publication(cycle, staff_user)
    assert Publication.objects.get().status == Publication.Status.AWAITING_APPROVAL
    assert not ResultsPage.objects.exists()


def test_publishing_creates_a_live_results_page_with_the_winner(
    client, cycle, winner, staff_user, second_staff
):
    publication = publish(cycle, staff_user, second_staff)
    page = publication.results_page
    assert page.live is True
    html = client.get(page.url).content.decode()
    assert "Katherine Johnson" in html
    assert "Taught a generation to love orbital mechanics." in html
    assert winner.nominee_email not in html
    actions = list(
        AuditEvent.objects.filter(action__startswith="results.").values_list("action", flat=True)
    )
    assert actions.count("results.published") == 1
    assert "results.publication_requested" in actions


def test_scheduled_results_appear_at_their_time(client, cycle, winner, staff_user, second_staff):
    at = timezone.now() + timedelta(days=2)
    publication = publish(cycle, staff_user, second_staff, publish_at=at)
    url = publication.results_page.url
    assert client.get(url).status_code == 404
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "Katherine Johnson" in client.get(url).content.decode()


def test_cached_results_page_shows_winners_at_their_time_and_goes_on_unpublishing(
    client, cycle, winner, staff_user, second_staff, page_cache, django_capture_on_commit_callbacks
):
    at = timezone.now() + timedelta(minutes=2)
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(cycle, staff_user, second_staff, publish_at=at)
    url = publication.results_page.url
    assert client.get(url).status_code == 404  # not there before its time, and not kept
    assert client.get(url).status_code == 404
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "Katherine Johnson" in client.get(url).content.decode()
        assert client.get(url)["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            unpublish_results(cycle, staff_user)
        response = client.get(url)
        assert "Katherine Johnson" not in response.content.decode()


def test_decisions_lock_once_published_and_unlock_when_unpublished(
    client, cycle, winner, staff_user, second_staff
):
    publication = publish(cycle, staff_user, second_staff)
    with pytest.raises(DecisionRefused, match="unpublish them to change decisions"):
        record_decision(cycle, winner.dossier, staff_user, outcome=Decision.Outcome.FINALIST)
    unpublish_results(cycle, staff_user)
    publication.results_page.refresh_from_db()
    assert publication.results_page.live is False
    assert published_results(cycle=cycle) == []
    record_decision(cycle, winner.dossier, staff_user, outcome=Decision.Outcome.FINALIST)


def test_publishing_needs_a_winner(cycle, staff_user, home_page):
    with pytest.raises(PublicationRefused, match="at least one winner"):
        request_publication(cycle, staff_user)


def test_a_database_error_mid_publication_leaves_nothing_half_published(
    cycle, winner, staff_user, second_staff
):
    request_publication(cycle, staff_user)
    pages_before = Page.objects.count()

    def fail_on_publication_update(execute, sql, params, many, context):
        if sql.startswith("UPDATE") and "review_publication" in sql:
            raise DatabaseError("injected failure")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_on_publication_update), pytest.raises(DatabaseError):
        approve_publication(cycle, second_staff)
    assert Page.objects.count() == pages_before  # the results page was rolled back
    assert Publication.objects.get().status == Publication.Status.AWAITING_APPROVAL
    assert not AuditEvent.objects.filter(action="results.published").exists()
    assert not OutgoingMessage.objects.exists()  # no e-mail queued


@pytest.fixture
def student_winner(make_candidate, cycle, staff_user, home_page):
    cycle.award.category = NomineeCategory.STUDENT
    cycle.award.save()
    candidate = make_candidate(
        nominee_first_name="Malala", nominee_last_name="Studentname", nominee_role="Grade 11"
    )
    return candidate


@pytest.mark.parametrize("display", ["anonymous", "hidden"])
def test_no_student_name_without_consent_in_page_search_or_sitemap(
    client, cycle, student_winner, staff_user, second_staff, display
):
    record_decision(
        cycle,
        student_winner.dossier,
        staff_user,
        outcome=Decision.Outcome.WINNER,
        student_display=display,
    )
    publication = publish(cycle, staff_user, second_staff)
    html = client.get(publication.results_page.url).content.decode()
    assert "Studentname" not in html
    assert "Malala" not in html
    school = student_winner.school.name
    assert (f"A student at {school}" in html) is (display == "anonymous")
    assert "Studentname" not in client.get("/sitemap.xml").content.decode()
    assert not ResultsPage.objects.search("Studentname")
    assert "Studentname" not in client.get("/search/?q=Studentname").content.decode()


def test_student_named_with_guardian_consent(
    client, cycle, student_winner, staff_user, second_staff
):
    Nomination.objects.filter(pk=student_winner.pk).update(
        guardian_consent=Nomination.Response.ACCEPTED
    )
    record_decision(cycle, student_winner.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    publication = publish(cycle, staff_user, second_staff)
    assert "Malala Studentname" in client.get(publication.results_page.url).content.decode()


def test_award_page_lists_past_winners_from_published_results(
    client, cycle, winner, staff_user, second_staff
):
    from cms.models import AwardPage

    page = AwardPage(title="Math award", slug="math-award", award=cycle.award, summary="x")
    Page.get_first_root_node().get_children().filter(slug="lakeside").first().specific.add_child(
        instance=page
    )
    assert page.past_winners() == []
    publish(cycle, staff_user, second_staff)
    assert [w.name for w in page.past_winners()] == ["Katherine Johnson"]


def test_published_results_query_count_does_not_grow(
    cycle, make_candidate, staff_user, second_staff, home_page, django_assert_num_queries
):
    def add_winner(index):
        candidate = make_candidate(nominee_last_name=f"Winner{index}")
        record_decision(cycle, candidate.dossier, staff_user, outcome=Decision.Outcome.WINNER)

    add_winner(0)
    publish(cycle, staff_user, second_staff)
    with django_assert_num_queries(2):  # the decisions, then their candidates' nominations
        assert len(published_results(cycle=cycle)) == 1
    unpublish_results(cycle, staff_user)
    for index in range(1, 6):
        add_winner(index)
    publish(cycle, staff_user, second_staff)
    with django_assert_num_queries(2):
        assert len(published_results(cycle=cycle)) == 6


def test_published_results_without_any_publication_costs_one_query(
    cycle, make_candidate, staff_user, django_assert_num_queries
):
    candidate = make_candidate(nominee_last_name="Unpublished")
    record_decision(cycle, candidate.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    with django_assert_num_queries(1):
        assert published_results(cycle=cycle) == []


def test_results_and_award_pages_cost_the_same_queries_for_one_winner_or_many(
    client,
    cycle,
    make_candidate,
    staff_user,
    second_staff,
    home_page,
    django_capture_on_commit_callbacks,
):
    from django.test.utils import CaptureQueriesContext

    from cms.models import AwardIndexPage, AwardPage

    index = home_page.add_child(instance=AwardIndexPage(title="Awards", slug="awards"))
    award_page = index.add_child(
        instance=AwardPage(title="Award", slug="award", summary="S.", award=cycle.award)
    )

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def publish_winners(count):
        for index in range(count):
            candidate = make_candidate(nominee_last_name=f"Winner{count}{index}")
            record_decision(cycle, candidate.dossier, staff_user, outcome=Decision.Outcome.WINNER)
        return publish(cycle, staff_user, second_staff).results_page.url

    url = publish_winners(1)
    before = (queries(url), queries(award_page.url))
    # Committing, as on a server: with production's caches on, the change retires kept pages.
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_results(cycle, staff_user)
        url = publish_winners(6)
    assert "Winner65" in client.get(url).content.decode()
    assert (queries(url), queries(award_page.url)) == before


def test_committee_screen_decides_and_publishes_with_two_people(
    client, cycle, make_candidate, staff_user, second_staff, home_page
):
    candidate = make_candidate(nominee_first_name="Dorothy", nominee_last_name="Vaughan")
    url = f"/admin/review/committee/{cycle.pk}/"
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "action": "decide",
            "dossier": candidate.dossier_id,
            "outcome": "winner",
            "amount": "1,500",
            "citation": "Led the West Computers.",
        },
    )
    decision = Decision.objects.get()
    assert (decision.outcome, str(decision.amount)) == ("winner", "1500.00")
    client.post(url, {"action": "request", "publish_at": ""})
    refused = "A second staff member must approve publishing."
    assert refused not in client.get(url).content.decode()
    # The requester, even sending the approval the second person's screen would send:
    shown = {"action": "approve", "request": Publication.objects.get().requested_at.isoformat()}
    response = client.post(url, shown, follow=True)
    assert refused in response.content.decode()
    assert Publication.objects.get().status == Publication.Status.AWAITING_APPROVAL
    client.force_login(second_staff)
    page = client.get(url).content.decode()
    assert f'name="request" value="{shown["request"]}"' in page
    client.post(url, shown)
    assert Publication.objects.get().status == Publication.Status.PUBLISHED


def test_published_winners_join_the_past_winner_roster(cycle, winner, staff_user, second_staff):
    from awards.models import PastWinner

    publish(cycle, staff_user, second_staff)
    roster = PastWinner.objects.get(award=cycle.award)
    assert (roster.first_name, roster.last_name, roster.year) == (
        "Katherine",
        "Johnson",
        cycle.name,
    )
    assert roster.school == winner.school


# Wagtail leaves the temporary file of a freshly generated rendition for the garbage collector.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in.*SpooledTemporaryFile:pytest.PytestUnraisableExceptionWarning"
)
def test_committee_chooses_a_winners_photo_that_the_results_page_shows(
    client, cycle, make_candidate, staff_user, second_staff, home_page
):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    candidate = make_candidate(nominee_first_name="Mary", nominee_last_name="Jackson")
    photo = get_image_model().objects.create(
        title="Mary at the tunnel",
        file=get_test_image_file(),
        collection=Collection.get_first_root_node(),
    )
    url = f"/admin/review/committee/{cycle.pk}/"
    client.force_login(staff_user)
    page = client.get(url).content.decode()
    assert f'name="decision-{candidate.dossier_id}-photo"' in page
    assert "Choose an image" in page
    decide = {"action": "decide", "dossier": candidate.dossier_id, "outcome": "winner"}
    client.post(url, {**decide, f"decision-{candidate.dossier_id}-photo": "999999"})
    assert not Decision.objects.exists()  # an image that does not exist is refused
    client.post(url, {**decide, f"decision-{candidate.dossier_id}-photo": str(photo.pk)})
    assert Decision.objects.get().photo == photo
    assert "Mary at the tunnel" in client.get(url).content.decode()
    publication = publish(cycle, staff_user, second_staff)
    html = client.get(publication.results_page.url).content.decode()
    assert "Mary Jackson" in html
    assert ".fill-160x160" in html  # the photo's rendition beside the winner


def test_kept_results_show_a_consent_given_or_withdrawn_after_publishing(
    client,
    cycle,
    student_winner,
    staff_user,
    second_staff,
    kept_site_data,
    page_cache,
    django_capture_on_commit_callbacks,
):
    from awards.domain.responses import record_guardian_consent

    record_decision(
        cycle,
        student_winner.dossier,
        staff_user,
        outcome=Decision.Outcome.WINNER,
        student_display=Decision.StudentDisplay.ANONYMOUS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        url = publish(cycle, staff_user, second_staff).results_page.url
    assert "Malala" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        record_guardian_consent(student_winner, consent=True, signature="A. Parent")
    assert "Malala Studentname" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        record_guardian_consent(student_winner, consent=False, signature="A. Parent")
    html = client.get(url).content.decode()
    assert "Malala" not in html
    assert f"A student at {student_winner.school.name}" in html


def test_kept_results_appear_at_their_time(
    client, cycle, winner, staff_user, second_staff, kept_site_data
):
    at = timezone.now() + timedelta(minutes=2)
    url = publish(cycle, staff_user, second_staff, publish_at=at).results_page.url
    assert "Katherine Johnson" not in client.get(url).content.decode()
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "Katherine Johnson" in client.get(url).content.decode()


def test_only_announced_candidates_nominations_retire_kept_pages(
    cycle,
    winner,
    staff_user,
    second_staff,
    make_candidate,
    page_cache,
    django_capture_on_commit_callbacks,
):
    from cms.cache import _Generation

    other = make_candidate(nominee_last_name="Not announced")
    with django_capture_on_commit_callbacks(execute=True):
        publish(cycle, staff_user, second_staff)
    before = _Generation.current()
    with django_capture_on_commit_callbacks(execute=True):
        other.nominee_role = "Science teacher"
        other.save()
    assert _Generation.current() == before
    with django_capture_on_commit_callbacks(execute=True):
        winner.nominee_role = "Maths teacher"
        winner.save()
    assert _Generation.current() > before


def test_a_withdrawn_announced_nomination_leaves_the_kept_results(
    client,
    cycle,
    winner,
    staff_user,
    second_staff,
    kept_site_data,
    django_capture_on_commit_callbacks,
):
    from awards.domain.nominations import withdraw_nomination

    with django_capture_on_commit_callbacks(execute=True):
        url = publish(cycle, staff_user, second_staff).results_page.url
    assert "Katherine Johnson" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_nomination(winner, staff_user, reason="Withdrawn at the winner's request.")
    assert "Katherine Johnson" not in client.get(url).content.decode()


def test_splitting_an_announced_candidate_retires_kept_results(
    cycle,
    student_winner,
    staff_user,
    second_staff,
    page_cache,
    django_capture_on_commit_callbacks,
):
    from awards.domain.dossiers import split_nomination
    from cms.cache import _Generation
    from tests.awards.factories import NominationFactory

    consenting = NominationFactory(
        cycle=cycle,
        status=Nomination.Status.SUBMITTED,
        dossier=student_winner.dossier,
        nominee_first_name="Malala",
        nominee_last_name="Studentname",
        guardian_consent=Nomination.Response.ACCEPTED,
    )
    assert announce_winner(
        cycle, student_winner.dossier, staff_user, second_staff, django_capture_on_commit_callbacks
    ) == ["Malala Studentname"]
    before = _Generation.current()
    with django_capture_on_commit_callbacks(execute=True):
        split_nomination(consenting, staff_user)  # the consent leaves the announced candidate
    assert _Generation.current() > before
    assert [result.name for result in published_results(cycle=cycle)] == [
        f"A student at {student_winner.school.name}"
    ]


def test_merging_a_consent_into_an_announced_candidate_retires_kept_results(
    cycle,
    student_winner,
    staff_user,
    second_staff,
    make_candidate,
    page_cache,
    django_capture_on_commit_callbacks,
):
    from awards.domain.dossiers import merge_dossiers
    from cms.cache import _Generation

    consenting = make_candidate(
        nominee_first_name="Malala",
        nominee_last_name="Studentname",
        guardian_consent=Nomination.Response.ACCEPTED,
    )
    assert announce_winner(
        cycle, student_winner.dossier, staff_user, second_staff, django_capture_on_commit_callbacks
    ) == [f"A student at {student_winner.school.name}"]
    before = _Generation.current()
    with django_capture_on_commit_callbacks(execute=True):
        merge_dossiers(student_winner.dossier, [consenting.dossier], staff_user)
    assert _Generation.current() > before
    assert [result.name for result in published_results(cycle=cycle)] == ["Malala Studentname"]


def guardian_answers(candidate, answers: list[str]) -> None:
    """Give the candidate's dossier one nomination per answer, each from another nominator
    with its own guardian's answer, the first answer on the candidate's own nomination."""
    from tests.awards.factories import NominationFactory

    first, *others = answers
    Nomination.objects.filter(pk=candidate.pk).update(guardian_consent=first)
    for index, answer in enumerate(others):
        NominationFactory(
            cycle=candidate.cycle,
            status=Nomination.Status.SUBMITTED,
            dossier=candidate.dossier,
            nominee_first_name=candidate.nominee_first_name,
            nominee_last_name=candidate.nominee_last_name,
            school=candidate.school,
            guardian_name=f"Guardian {index}",
            guardian_email=f"guardian{index}@family.example",
            guardian_consent=answer,
        )


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        (["accepted", "declined"], False),
        (["declined", "accepted"], False),
        (["accepted", "accepted", "declined"], False),
        (["accepted", "pending"], False),
        (["accepted", "accepted"], True),
        (["not_asked", "accepted"], True),
        (["not_asked", "not_asked"], False),
    ],
)
def test_a_student_is_named_and_pictured_only_when_every_asked_guardian_consented(
    client, cycle, student_winner, staff_user, second_staff, answers, named
):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    guardian_answers(student_winner, answers)
    photo = get_image_model().objects.create(
        title="Portrait",
        file=get_test_image_file(),
        collection=Collection.get_first_root_node(),
    )
    record_decision(
        cycle, student_winner.dossier, staff_user, outcome=Decision.Outcome.WINNER, photo=photo
    )
    publication = publish(cycle, staff_user, second_staff)

    (result,) = published_results(cycle=cycle)
    if named:
        assert (result.name, result.photo) == ("Malala Studentname", photo)
    else:
        assert (result.name, result.photo) == (f"A student at {student_winner.school.name}", None)
        html = client.get(publication.results_page.url).content.decode()
        assert "Studentname" not in html
        assert "Portrait" not in html


# The past-winner roster the "past winners excluded" rule reads: public winners only


def roster(cycle) -> list[str]:
    from awards.models import PastWinner

    return [
        f"{row.first_name} {row.last_name}"
        for row in PastWinner.objects.filter(award=cycle.award).order_by("pk")
    ]


def run_task_queue() -> list[str]:
    """What the production worker does at this moment: run every due task of the database
    queue, once (the worker itself closes the test's connection). Returns the tasks run."""
    from django_tasks_db.models import DBTaskResult

    ran = []
    for result in DBTaskResult.objects.ready().order_by("run_after", "enqueued_at"):
        result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        DBTaskResult.objects.filter(pk=result.pk).delete()
        ran.append(result.task_name)
    return ran


def test_scheduled_winners_join_the_past_winner_roster_only_when_public(
    settings, cycle, winner, staff_user, second_staff, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    at = timezone.now() + timedelta(days=2)

    with django_capture_on_commit_callbacks(execute=True):
        publish(cycle, staff_user, second_staff, publish_at=at)
    run_task_queue()

    assert roster(cycle) == []
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "record_past_winners_task" in run_task_queue()
        assert roster(cycle) == ["Katherine Johnson"]


def test_a_student_winner_joins_the_roster_only_when_every_guardian_consented(
    cycle, student_winner, staff_user, second_staff
):
    guardian_answers(student_winner, ["accepted", "declined"])
    record_decision(cycle, student_winner.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    publish(cycle, staff_user, second_staff)

    assert roster(cycle) == []


def test_a_consenting_student_winner_joins_the_roster(
    cycle, student_winner, staff_user, second_staff
):
    guardian_answers(student_winner, ["accepted", "accepted"])
    record_decision(cycle, student_winner.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    publish(cycle, staff_user, second_staff)

    assert roster(cycle) == ["Malala Studentname"]


def test_a_refusal_after_publishing_takes_the_student_off_the_roster(
    cycle, student_winner, staff_user, second_staff
):
    from awards.domain.responses import record_guardian_consent

    guardian_answers(student_winner, ["accepted"])
    record_decision(cycle, student_winner.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    publish(cycle, staff_user, second_staff)
    assert roster(cycle) == ["Malala Studentname"]

    record_guardian_consent(student_winner, consent=False, signature="A. Parent")

    assert roster(cycle) == []


def test_unpublishing_takes_the_cycles_winners_off_the_roster(
    cycle, winner, staff_user, second_staff
):
    from awards.models import PastWinner

    earlier = PastWinner.objects.create(
        award=cycle.award, first_name="Entered", last_name="ByStaff", year="2019-20"
    )
    publish(cycle, staff_user, second_staff)
    assert roster(cycle) == ["Entered ByStaff", "Katherine Johnson"]

    unpublish_results(cycle, staff_user)

    assert roster(cycle) == [f"{earlier.first_name} {earlier.last_name}"]


# Withdrawing an announced candidate takes staff


CONTACT = (
    "The results naming this nomination are published. To withdraw it, please contact the "
    "foundation."
)


def test_a_nominator_alone_cannot_withdraw_an_announced_winner(
    cycle, winner, staff_user, second_staff
):
    from awards.domain.nominations import NominationClosed, withdraw_nomination

    publish(cycle, staff_user, second_staff)

    with pytest.raises(NominationClosed) as refused:
        withdraw_nomination(winner, winner.nominator)

    assert str(refused.value) == CONTACT
    winner.refresh_from_db()
    assert winner.status == Nomination.Status.SUBMITTED
    assert [result.name for result in published_results(cycle=cycle)] == ["Katherine Johnson"]


def test_a_nominator_alone_cannot_withdraw_a_winner_announced_for_later(
    cycle, winner, staff_user, second_staff
):
    from awards.domain.nominations import NominationClosed, withdraw_nomination

    publish(cycle, staff_user, second_staff, publish_at=timezone.now() + timedelta(days=3))

    with pytest.raises(NominationClosed):
        withdraw_nomination(winner, winner.nominator)


def test_a_nominee_cannot_decline_once_announced(cycle, winner, staff_user, second_staff):
    from awards.domain.responses import ResponseClosed, record_nominee_response

    publish(cycle, staff_user, second_staff)

    with pytest.raises(ResponseClosed):
        record_nominee_response(winner, accepted=False, statement="")

    winner.refresh_from_db()
    assert winner.status == Nomination.Status.SUBMITTED


def test_a_candidate_not_selected_may_still_be_withdrawn_by_the_nominator(
    cycle, winner, make_candidate, staff_user, second_staff
):
    from awards.domain.nominations import withdraw_nomination

    other = make_candidate(nominee_last_name="Notselected")
    record_decision(cycle, other.dossier, staff_user, outcome=Decision.Outcome.NOT_SELECTED)
    publish(cycle, staff_user, second_staff)

    withdraw_nomination(other, other.nominator)

    other.refresh_from_db()
    assert other.status == Nomination.Status.WITHDRAWN


def test_staff_withdraw_an_announced_winner_with_a_reason(cycle, winner, staff_user, second_staff):
    from awards.domain.nominations import withdraw_nomination

    publish(cycle, staff_user, second_staff)
    assert roster(cycle) == ["Katherine Johnson"]

    with pytest.raises(WithdrawalRefused, match="Say why"):
        withdraw_nomination(winner, second_staff, reason="  ")
    withdraw_nomination(winner, second_staff, reason="The family asked us to.")

    winner.refresh_from_db()
    assert winner.status == Nomination.Status.WITHDRAWN
    assert published_results(cycle=cycle) == []
    assert roster(cycle) == []
    event = AuditEvent.objects.get(action="nomination.withdrawn", object_code=winner.code)
    assert (event.actor, event.data["by_staff"]) == (second_staff, True)
