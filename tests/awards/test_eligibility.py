"""Eligibility rules on the nominee step: the award's minimum years at the school and in the
district, checked by the step form and again when the nomination is submitted; past winners,
refused without a word about who won what, when."""

from datetime import UTC, datetime

import pytest
import time_machine

from awards.domain.nominations import SubmissionIncomplete, submit_nomination
from awards.forms import NomineeForm
from awards.models import Nomination, PastWinner
from tests.awards.factories import NominationFactory
from tests.factories import AwardFactory, CycleFactory

AT_SCHOOL, IN_DISTRICT = 3, 5


@pytest.fixture
def years_award(db):
    return AwardFactory(min_years_at_school=AT_SCHOOL, min_years_in_district=IN_DISTRICT)


def nominee_step(school, **years) -> dict:
    return {
        "nominee_first_name": "Margaret",
        "nominee_last_name": "Hamilton",
        "nominee_role": "Science teacher",
        "school": school.pk,
        "nominator_relationship": "Colleague",
        **{name: str(value) for name, value in years.items()},
    }


@pytest.mark.parametrize(
    ("years_at_school", "years_in_district", "refused"),
    [
        (AT_SCHOOL - 1, IN_DISTRICT, "years_at_school"),
        (AT_SCHOOL, IN_DISTRICT - 1, "years_in_district"),
        (0, IN_DISTRICT, "years_at_school"),
        (AT_SCHOOL, 0, "years_in_district"),
    ],
)
def test_nominee_form_years_below_the_awards_minimum_are_refused(
    years_award, school, years_at_school, years_in_district, refused
):
    form = NomineeForm(
        nominee_step(school, years_at_school=years_at_school, years_in_district=years_in_district),
        award=years_award,
    )

    assert form.is_valid() is False
    assert list(form.errors) == [refused]


@pytest.mark.parametrize("extra", [(0, 0), (1, 0), (0, 1), (20, 30)])
def test_nominee_form_years_at_or_above_the_minimum_are_accepted(years_award, school, extra):
    form = NomineeForm(
        nominee_step(
            school, years_at_school=AT_SCHOOL + extra[0], years_in_district=IN_DISTRICT + extra[1]
        ),
        award=years_award,
    )

    assert form.errors == {}


@pytest.mark.parametrize(
    ("years_at_school", "years_in_district", "submitted"),
    [
        (AT_SCHOOL - 1, IN_DISTRICT, False),
        (AT_SCHOOL, IN_DISTRICT - 1, False),
        (AT_SCHOOL, IN_DISTRICT, True),
    ],
)
def test_submission_checks_the_minimum_years_again(
    years_award, user, school, years_at_school, years_in_district, submitted
):
    cycle = CycleFactory(award=years_award)
    nomination = NominationFactory(
        cycle=cycle,
        nominator=user,
        school=school,
        years_at_school=years_at_school,
        years_in_district=years_in_district,
    )

    if submitted:
        submit_nomination(nomination, user, nomination.submission_key)
    else:
        with pytest.raises(SubmissionIncomplete) as refused:
            submit_nomination(nomination, user, nomination.submission_key)
        assert list(refused.value.problems.by_step[1]) in (
            ["years_at_school"],
            ["years_in_district"],
        )

    nomination.refresh_from_db()
    expected = Nomination.Status.SUBMITTED if submitted else Nomination.Status.DRAFT
    assert nomination.status == expected


# Past winners: the check answers "not eligible" and nothing about who won


NEVER_AGAIN = "Not eligible: past winners of this award cannot be nominated for it again."


@pytest.fixture
def past_winner(db, school):
    """A winner of an earlier year, entered by staff from the foundation's records."""
    award = AwardFactory(exclude_past_winners=True)
    return PastWinner.objects.create(
        award=award,
        first_name="Katherine",
        last_name="Johnson",
        school=school,
        email="k.johnson@school.example",
        year="2019-20",
    )


def step_for(school, **fields) -> dict:
    return {**nominee_step(school), **fields}


@pytest.mark.parametrize(
    "typed",
    [
        # The winner's address under another name and school: the probe of the review.
        {"nominee_email": "K.Johnson@School.example", "nominee_last_name": "Probe"},
        # The winner's name at the winner's school, no address.
        {"nominee_first_name": "katherine", "nominee_last_name": "JOHNSON"},
    ],
    ids=["same-email", "same-name-and-school"],
)
def test_a_past_winner_is_refused_with_a_message_that_echoes_nothing_stored(
    past_winner, school, typed
):
    form = NomineeForm(step_for(school, **typed), award=past_winner.award)

    assert form.is_valid() is False
    messages = [message for errors in form.errors.values() for message in errors]
    assert messages == [NEVER_AGAIN]
    shown = " ".join(messages)
    for stored in ("Katherine", "Johnson", "2019", "2020", school.name, "k.johnson"):
        assert stored.lower() not in shown.lower()


def test_a_past_winner_may_be_nominated_again_after_the_awards_wait(past_winner, school):
    award = past_winner.award
    award.past_winner_wait_years = 3
    award.save()
    typed = step_for(school, nominee_first_name="Katherine", nominee_last_name="Johnson")

    with time_machine.travel(datetime(2022, 9, 1, tzinfo=UTC)):  # two years after 2019-20
        form = NomineeForm(typed, award=award)
        assert form.is_valid() is False
        assert form.errors == {
            "nominee_last_name": [
                "Not eligible: past winners of this award may be nominated again after 3 years."
            ]
        }
    with time_machine.travel(datetime(2023, 9, 1, tzinfo=UTC)):  # three years after
        assert NomineeForm(typed, award=award).errors == {}


def test_past_winners_are_not_checked_when_the_award_does_not_exclude_them(past_winner, school):
    award = past_winner.award
    award.exclude_past_winners = False
    award.save()

    form = NomineeForm(
        step_for(school, nominee_first_name="Katherine", nominee_last_name="Johnson"),
        award=award,
    )

    assert form.errors == {}


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        ("2024-25", 2025),
        ("2024/2025", 2025),
        ("2024 \u2013 25", 2025),
        ("2024", 2024),
        ("1999-00", 2000),
        ("Spring 2021", 2021),
        ("long ago", None),
    ],
)
def test_a_past_wins_year_counts_from_the_last_year_staff_typed(typed, year):
    assert PastWinner(year=typed).won_in == year
