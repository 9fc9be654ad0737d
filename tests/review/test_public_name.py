"""The winner's public name and photo caption, set on the decision: the results page, the
certificate and the announcement e-mails print them instead of the name as the nominator typed
it, and a public name is a plain name, never a formula or a link."""

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from awards.models import Nomination
from review.domain.decisions import (
    DecisionRefused,
    approve_publication,
    clean_public_name,
    record_decision,
    request_publication,
)
from review.models import Decision
from review.pdf import certificate_pdf
from review.results import published_results
from tests.awards.fixtures.revealed import pdf_text
from tests.factories import UserFactory

TYPED = '=HYPERLINK("http://x") Franklin'


@pytest.fixture
def second_staff(db):
    return UserFactory(staff=True, verified=True)


@pytest.fixture
def mistyped(make_candidate):
    return make_candidate(nominee_first_name="Rosalind", nominee_last_name=TYPED)


def committee_url(cycle) -> str:
    return f"/admin/review/committee/{cycle.pk}/"


@pytest.mark.parametrize(
    "typed, cleaned",
    [
        ("Rosalind Franklin", "Rosalind Franklin"),
        ("  Mary-Jane   O'Brien Jr. ", "Mary-Jane O'Brien Jr."),
        ("José Núñez", "José Núñez"),
        ("Dr. A. Smith-Jones", "Dr. A. Smith-Jones"),
        ("", ""),
    ],
)
def test_public_name_accepts_plain_names(typed, cleaned):
    assert clean_public_name(typed) == cleaned


@pytest.mark.parametrize(
    "typed", [TYPED, "@SUM(1)", "-Franklin", "+1 Franklin", "Franklin http://x", "<b>Rosa</b>"]
)
def test_public_name_refuses_anything_but_a_plain_name(typed):
    with pytest.raises(DecisionRefused, match="plain name"):
        clean_public_name(typed)


def test_results_and_certificate_print_the_public_name_not_the_typed_one(
    cycle, mistyped, staff_user, second_staff, home_page
):
    decision = record_decision(
        cycle,
        mistyped.dossier,
        staff_user,
        outcome=Decision.Outcome.WINNER,
        public_name="Rosalind Franklin",
    )
    request_publication(cycle, staff_user)
    approve_publication(cycle, second_staff)

    assert [result.name for result in published_results(cycle=cycle)] == ["Rosalind Franklin"]
    text = pdf_text(certificate_pdf(decision))
    assert "Rosalind Franklin" in text
    assert "HYPERLINK" not in text


def test_without_a_public_name_the_typed_name_is_printed(
    cycle, make_candidate, staff_user, second_staff, home_page
):
    candidate = make_candidate(nominee_first_name="Katherine", nominee_last_name="Johnson")
    record_decision(cycle, candidate.dossier, staff_user, outcome=Decision.Outcome.WINNER)
    request_publication(cycle, staff_user)
    approve_publication(cycle, second_staff)

    assert [result.name for result in published_results(cycle=cycle)] == ["Katherine Johnson"]


def test_a_decision_saved_again_without_a_public_name_keeps_it(cycle, mistyped, staff_user):
    record_decision(
        cycle, mistyped.dossier, staff_user, outcome="winner", public_name="Rosalind Franklin"
    )
    record_decision(cycle, mistyped.dossier, staff_user, outcome="winner", citation="DNA.")

    assert Decision.objects.get().public_name == "Rosalind Franklin"


def test_refused_public_name_saves_nothing(cycle, mistyped, staff_user):
    with pytest.raises(DecisionRefused, match="plain name"):
        record_decision(cycle, mistyped.dossier, staff_user, outcome="winner", public_name=TYPED)

    assert not Decision.objects.exists()


def test_the_consent_rule_still_wins_over_a_public_name(
    cycle, make_candidate, staff_user, second_staff, home_page
):
    cycle.award.requires_guardian_consent = True
    cycle.award.save()
    student = make_candidate(
        nominee_first_name="Ada",
        nominee_last_name="Byron",
        guardian_consent=Nomination.Response.PENDING,
    )
    record_decision(
        cycle, student.dossier, staff_user, outcome="winner", public_name="Ada Lovelace"
    )
    request_publication(cycle, staff_user)
    approve_publication(cycle, second_staff)

    names = [result.name for result in published_results(cycle=cycle)]
    assert names == [f"A student at {student.school.name}"]


# Wagtail leaves the temporary file of a freshly generated rendition for the garbage collector.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in.*SpooledTemporaryFile:pytest.PytestUnraisableExceptionWarning"
)
def test_committee_sets_public_name_and_caption_that_the_results_page_shows(
    client, cycle, mistyped, staff_user, second_staff, home_page
):
    photo = get_image_model().objects.create(
        title="Rosalind", file=get_test_image_file(), collection=Collection.get_first_root_node()
    )
    client.force_login(staff_user)
    page = client.get(committee_url(cycle)).content.decode()
    decide = {
        "action": "decide",
        "dossier": mistyped.dossier_id,
        "outcome": "winner",
        f"decision-{mistyped.dossier_id}-photo": str(photo.pk),
        "photo_caption": "At King's College, 1955",
    }

    refused = client.post(committee_url(cycle), {**decide, "public_name": TYPED}, follow=True)
    client.post(committee_url(cycle), {**decide, "public_name": "Rosalind Franklin"})

    # Before a public name is set, the screen warns that the typed name is not a plain one.
    assert "is not a plain name: set the public name" in page
    assert "Give the public name as a plain name" in refused.content.decode()
    decision = Decision.objects.get()
    assert (decision.public_name, decision.photo_caption) == (
        "Rosalind Franklin",
        "At King's College, 1955",
    )
    assert "is not a plain name" not in client.get(committee_url(cycle)).content.decode()
    request_publication(cycle, staff_user)
    publication = approve_publication(cycle, second_staff)
    html = client.get(publication.results_page.url).content.decode()
    assert "Rosalind Franklin" in html
    assert "HYPERLINK" not in html
    assert "<figcaption>At King&#x27;s College, 1955</figcaption>" in html


def test_committee_screen_shows_the_nominee_and_guardian_answers(
    client, cycle, make_candidate, staff_user
):
    make_candidate(
        nominee_response=Nomination.Response.ACCEPTED,
        nominee_statement="I am honoured.",
        guardian_consent=Nomination.Response.DECLINED,
    )
    client.force_login(staff_user)

    page = client.get(committee_url(cycle)).content.decode()

    assert "Nominee's answer: Accepted; guardian consent: Refused" in page
    assert "I am honoured." in page


def test_a_committee_form_without_the_name_fields_keeps_the_public_name(
    client, cycle, mistyped, staff_user
):
    record_decision(
        cycle, mistyped.dossier, staff_user, outcome="winner", public_name="Rosalind Franklin"
    )
    client.force_login(staff_user)

    client.post(
        committee_url(cycle),
        {"action": "decide", "dossier": mistyped.dossier_id, "outcome": "finalist"},
    )

    decision = Decision.objects.get()
    assert (decision.outcome, decision.public_name) == ("finalist", "Rosalind Franklin")


def test_committee_refuses_an_amount_or_photo_it_cannot_read_with_a_message(
    client, cycle, mistyped, staff_user
):
    client.force_login(staff_user)
    decide = {"action": "decide", "dossier": mistyped.dossier_id, "outcome": "winner"}

    amount = client.post(committee_url(cycle), {**decide, "amount": "fifteen"}, follow=True)
    photo = client.post(
        committee_url(cycle),
        {**decide, f"decision-{mistyped.dossier_id}-photo": "Rosalind"},
        follow=True,
    )

    assert "Give the amount as a number, for example 1500." in amount.content.decode()
    assert "Choose the photo from the image library." in photo.content.decode()
    assert not Decision.objects.exists()


def test_committee_answers_404_to_a_photo_or_candidate_that_does_not_exist(
    client, cycle, mistyped, staff_user
):
    client.force_login(staff_user)
    decide = {"action": "decide", "dossier": mistyped.dossier_id, "outcome": "winner"}

    photo = client.post(
        committee_url(cycle), {**decide, f"decision-{mistyped.dossier_id}-photo": "999999"}
    )
    candidate = client.post(committee_url(cycle), {**decide, "dossier": "999999"})

    assert (photo.status_code, candidate.status_code) == (404, 404)
    assert not Decision.objects.exists()


def test_committee_saves_an_amount_typed_with_thousands_separators(
    client, cycle, mistyped, staff_user
):
    client.force_login(staff_user)

    client.post(
        committee_url(cycle),
        {
            "action": "decide",
            "dossier": mistyped.dossier_id,
            "outcome": "winner",
            "amount": "1,500",
        },
    )

    assert Decision.objects.get().amount == 1500
