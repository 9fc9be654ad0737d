"""What staff see in the admin of answers given by people outside the foundation: each guardian's
consent or refusal, and the nominee's own decline."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.domain.nominations import submit_nomination
from awards.domain.responses import record_nominee_response
from awards.models import Award, Dossier, DossierSuggestion, Nomination, NomineeCategory
from awards.tokens import nomination_for_nominee, nominee_token
from tests.awards.factories import NominationFactory
from tests.factories import AwardFactory, CycleFactory, SchoolFactory

pytestmark = pytest.mark.django_db

ANSWERED_AT = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def student_cycle(db):
    return CycleFactory(award=AwardFactory(category=NomineeCategory.STUDENT))


def nomination_in(dossier, **fields) -> Nomination:
    return NominationFactory(
        cycle=dossier.cycle,
        dossier=dossier,
        status=Nomination.Status.SUBMITTED,
        nominee_first_name="Jordan",
        nominee_last_name="Lee",
        **fields,
    )


@pytest.fixture
def disputed_consent(student_cycle):
    """A student nominated twice: one guardian consented, the other refused."""
    dossier = Dossier.objects.create(cycle=student_cycle)
    school = SchoolFactory(name="Lakeside High")
    consenting = nomination_in(
        dossier,
        school=school,
        guardian_consent=Nomination.Response.ACCEPTED,
        guardian_consent_signature="Alice Acceptington",
        guardian_consent_at=ANSWERED_AT,
    )
    refusing = nomination_in(
        dossier,
        school=school,
        guardian_consent=Nomination.Response.DECLINED,
        guardian_consent_signature="Rita Refuseworth",
        guardian_consent_at=ANSWERED_AT,
    )
    return dossier, consenting, refusing


# Every year's nominations of every status (the list opens on this year's submitted ones).
EVERY_NOMINATION = {"year": "", "status": ""}


def test_nominations_list_shows_each_guardians_answer(staff_client, disputed_consent):
    html = staff_client.get(reverse("nomination:index"), EVERY_NOMINATION).content.decode()

    assert "Consented: Alice Acceptington, 3 Dec 2026" in html
    assert "Refused: Rita Refuseworth, 3 Dec 2026" in html


def test_candidates_list_shows_a_refusal_withholds_the_students_name(
    staff_client, disputed_consent, student_cycle
):
    waiting = Dossier.objects.create(cycle=student_cycle)
    nomination_in(waiting, guardian_consent=Nomination.Response.PENDING)

    html = staff_client.get(reverse("dossier:index")).content.decode()

    assert "Not named: a guardian refused" in html
    assert "Not named yet: waiting for a guardian" in html


def test_staff_see_that_the_nominee_declined_and_when(
    staff_client, django_capture_on_commit_callbacks
):
    award = AwardFactory(nominee_notice=Award.NomineeNotice.NOTIFY)
    nomination = NominationFactory(cycle=CycleFactory(award=award), nominee_last_name="Decliner")
    with django_capture_on_commit_callbacks(execute=True):
        submit_nomination(nomination, nomination.nominator, nomination.submission_key)
    with time_machine.travel(ANSWERED_AT):
        record_nominee_response(
            nomination_for_nominee(nominee_token(nomination)), accepted=False, statement=""
        )
    shown = "Withdrawn: the nominee declined on 3 Dec 2026"

    listed = staff_client.get(reverse("nomination:index"), EVERY_NOMINATION).content.decode()
    detail = staff_client.get(reverse("nomination:inspect", args=(nomination.code,)))
    candidate = staff_client.get(reverse("dossier:inspect", args=(nomination.dossier.code,)))

    assert shown in listed
    assert shown in detail.content.decode()
    assert shown in candidate.content.decode()


# Staff withdraw a nomination (after the results are published, only they can)


@pytest.fixture
def submitted(db):
    return nomination_in(Dossier.objects.create(cycle=CycleFactory()))


def withdraw_url(nomination) -> str:
    return reverse("nomination:withdraw", args=(nomination.code,))


def test_staff_withdraw_a_nomination_from_the_admin_with_a_reason(staff_client, submitted):
    detail = staff_client.get(reverse("nomination:inspect", args=(submitted.code,)))
    assert withdraw_url(submitted) in detail.content.decode()
    assert staff_client.get(withdraw_url(submitted)).status_code == 200

    refused = staff_client.post(withdraw_url(submitted), {"reason": "   "})
    submitted.refresh_from_db()
    assert (refused.status_code, submitted.status) == (200, Nomination.Status.SUBMITTED)

    done = staff_client.post(withdraw_url(submitted), {"reason": "The family asked us to."})

    assert done.status_code == 302
    assert done["Location"] == reverse("nomination:inspect", args=(submitted.code,))
    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.WITHDRAWN


def test_the_staff_withdrawal_page_is_closed_to_the_nominator(client, submitted):
    client.force_login(submitted.nominator)

    assert client.get(withdraw_url(submitted)).status_code in (302, 403, 404)
    response = client.post(withdraw_url(submitted), {"reason": "Changed my mind."})

    assert response.status_code in (302, 403, 404)
    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.SUBMITTED


# Grouping suggestions: a nomination that only may belong to a candidate


@pytest.fixture
def suggestion(db):
    """Jordan Lee's candidate, and another nomination with her address under another name and
    school: not grouped, suggested."""
    cycle = CycleFactory()
    for first, school in (("Jordan", "Lakeside High"), ("Injected", "Elsewhere Middle")):
        nomination = NominationFactory(
            cycle=cycle,
            nominee_first_name=first,
            nominee_last_name="Lee",
            nominee_email="jordan.lee@students.example",
            school=SchoolFactory(name=school),
        )
        submit_nomination(nomination, nomination.nominator, nomination.submission_key)
    return DossierSuggestion.objects.get()


def suggestion_url(name, suggestion) -> str:
    return reverse(f"dossiersuggestion:{name}", args=(suggestion.pk,))


def test_staff_see_grouping_suggestions_with_merge_and_dismiss(staff_client, suggestion):
    html = staff_client.get(reverse("dossiersuggestion:index")).content.decode()

    assert "Injected Lee, Elsewhere Middle" in html
    assert "Jordan Lee, Lakeside High" in html
    assert "Same nominee e-mail address" in html
    for name in ("merge", "dismiss"):
        assert f'action="{suggestion_url(name, suggestion)}" method="post"' in html


def test_staff_merge_a_suggestion_in_one_click(staff_client, suggestion):
    response = staff_client.post(suggestion_url("merge", suggestion))

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.resolution == DossierSuggestion.Resolution.MERGED
    assert suggestion.nomination.dossier_id == suggestion.dossier_id
    listing = staff_client.get(reverse("dossiersuggestion:index")).content.decode()
    assert "Injected Lee" not in listing


def test_staff_dismiss_a_suggestion_in_one_click(staff_client, suggestion):
    response = staff_client.post(suggestion_url("dismiss", suggestion))

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.resolution == DossierSuggestion.Resolution.DISMISSED
    assert suggestion.nomination.dossier_id != suggestion.dossier_id


def test_suggestions_are_closed_to_nominators(client, suggestion):
    client.force_login(suggestion.nomination.nominator)

    responses = [
        client.get(reverse("dossiersuggestion:index")),
        client.post(suggestion_url("merge", suggestion)),
        client.post(suggestion_url("dismiss", suggestion)),
    ]

    assert [response.status_code for response in responses] == [302, 302, 302]
    assert b"Jordan" not in b"".join(response.content for response in responses)
    suggestion.refresh_from_db()
    assert suggestion.resolution == ""


def test_suggestions_list_query_count_does_not_grow(staff_client, suggestion):
    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(reverse("dossiersuggestion:index"))
        assert response.status_code == 200
        return len(queries)

    staff_client.get(reverse("dossiersuggestion:index"))  # warms process-wide caches
    with_one = list_queries()
    cycle = suggestion.dossier.cycle
    for number in range(9):
        nomination = NominationFactory(
            cycle=cycle,
            nominee_first_name=f"Other{number}",
            nominee_email="jordan.lee@students.example",
        )
        submit_nomination(nomination, nomination.nominator, nomination.submission_key)

    with_many = list_queries()

    assert DossierSuggestion.objects.count() > 9
    assert with_many == with_one
