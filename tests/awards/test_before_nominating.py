"""Before any effort: the start page tells anyone, signed in or not, who qualifies; looking at the
form leaves no trail of empty drafts; a "No" to a yes-only question says why; and nominating the
same person twice is caught before the second nomination is written."""

import pytest
from bs4 import BeautifulSoup

from awards.models import Award, Nomination, Question
from tests.awards.factories import NominationFactory, QuestionFactory


@pytest.fixture
def nominator_client(client, user):
    client.force_login(user)
    return client


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_start_page_shows_who_qualifies_before_signing_in(client, cycle, school):
    Award.objects.filter(pk=cycle.award_id).update(min_years_at_school=4)

    html = soup(client.get(f"/nominate/{cycle.award.slug}/"))

    rules = [li.text for li in html.find("ul", class_="rules").find_all("li")]
    assert "At least 4 years at their current school." in rules


def test_looking_at_the_form_twice_leaves_one_empty_draft(nominator_client, user, cycle):
    first = nominator_client.post(f"/nominate/{cycle.award.slug}/")
    second = nominator_client.post(f"/nominate/{cycle.award.slug}/")

    assert first.url == second.url
    assert Nomination.objects.filter(nominator=user).count() == 1


def test_a_draft_with_anything_in_it_is_never_reused(nominator_client, user, cycle):
    nominator_client.post(f"/nominate/{cycle.award.slug}/")
    started = Nomination.objects.get(nominator=user)
    started.nominee_first_name = "Ada"
    started.save()

    nominator_client.post(f"/nominate/{cycle.award.slug}/")

    assert Nomination.objects.filter(nominator=user).count() == 2


def test_no_to_an_eligibility_question_says_why(nominator_client, user, cycle, school):
    QuestionFactory(
        cycle=cycle,
        key="works_here",
        section="Eligibility",
        kind=Question.Kind.ATTESTATION,
        label="Does the nominee work at a district school?",
        if_no_message="Only people who work at a district school can be nominated.",
    )
    draft = NominationFactory(cycle=cycle, nominator=user, school=school)

    response = nominator_client.post(
        f"/nominations/{draft.code}/step/2/", {"action": "next", "works_here": "no"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Only people who work at a district school can be nominated." in html
    assert "must be" not in html


def test_no_without_a_message_still_says_what_it_means(nominator_client, user, cycle, school):
    QuestionFactory(
        cycle=cycle, key="agree", section="Eligibility", kind=Question.Kind.ATTESTATION, label="OK?"
    )
    draft = NominationFactory(cycle=cycle, nominator=user, school=school)

    response = nominator_client.post(
        f"/nominations/{draft.code}/step/2/", {"action": "next", "agree": "no"}
    )

    assert "answering “No” means it cannot be accepted" in response.content.decode()


def nominee_step(school, **fields) -> dict:
    return {
        "action": "next",
        "nominee_first_name": "Margaret",
        "nominee_last_name": "Hamilton",
        "nominee_role": "Teacher",
        "school": str(school.pk),
        "nominator_relationship": "Parent",
        **fields,
    }


def test_naming_someone_already_nominated_warns_and_offers_the_first(
    nominator_client, user, cycle, school
):
    first = NominationFactory(cycle=cycle, nominator=user, school=school)
    second = NominationFactory(
        cycle=cycle, nominator=user, school=school, nominee_first_name="", nominee_last_name=""
    )

    response = nominator_client.post(
        f"/nominations/{second.code}/step/1/",
        nominee_step(school, nominee_first_name="margaret ", nominee_last_name="HAMILTON"),
    )

    html = soup(response)
    warning = html.find(id="duplicate-warning")
    assert response.status_code == 200
    assert "You have already nominated" in warning.text
    assert warning.find("a")["href"] == f"/nominations/{first.code}/step/1/"
    # What was typed is kept while the person decides.
    second.refresh_from_db()
    assert second.nominee_last_name == "HAMILTON"


def test_a_different_person_with_the_same_name_can_go_on(
    nominator_client, user, cycle, questions, school
):
    NominationFactory(cycle=cycle, nominator=user, school=school)
    second = NominationFactory(cycle=cycle, nominator=user, school=school)

    response = nominator_client.post(
        f"/nominations/{second.code}/step/1/", {**nominee_step(school), "same_person_ok": "1"}
    )
    again = nominator_client.post(f"/nominations/{second.code}/step/1/", nominee_step(school))

    assert response.status_code == 302
    assert (again.status_code, again.url) == (302, f"/nominations/{second.code}/step/2/")


def test_other_nominators_and_withdrawn_nominations_do_not_warn(
    nominator_client, user, cycle, school
):
    NominationFactory(cycle=cycle, school=school)  # another nominator's
    NominationFactory(cycle=cycle, nominator=user, school=school, status="withdrawn")
    second = NominationFactory(cycle=cycle, nominator=user, school=school)

    response = nominator_client.post(f"/nominations/{second.code}/step/1/", nominee_step(school))

    assert response.status_code == 302
