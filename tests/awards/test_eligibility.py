"""Eligibility rules on the nominee step: the award's minimum years at the school and in the
district, checked by the step form and again when the nomination is submitted."""

import pytest

from awards.domain.nominations import submit_nomination
from awards.forms import NomineeForm
from awards.models import Nomination
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
        with pytest.raises(ValueError) as problems:
            submit_nomination(nomination, user, nomination.submission_key)
        assert list(problems.value.args[0].by_step[1]) in (
            ["years_at_school"],
            ["years_in_district"],
        )

    nomination.refresh_from_db()
    expected = Nomination.Status.SUBMITTED if submitted else Nomination.Status.DRAFT
    assert nomination.status == expected
