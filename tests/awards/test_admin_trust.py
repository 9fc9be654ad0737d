"""What staff see in the admin of answers given by people outside the foundation: each guardian's
consent or refusal, and the nominee's own decline."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from awards.domain.nominations import submit_nomination
from awards.domain.responses import nomination_for_nominee, nominee_token, record_nominee_response
from awards.models import Award, Dossier, Nomination, NomineeCategory
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


def test_nominations_list_shows_each_guardians_answer(staff_client, disputed_consent):
    html = staff_client.get(reverse("nomination:index")).content.decode()

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

    listed = staff_client.get(reverse("nomination:index")).content.decode()
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
