import pytest
from django.http import QueryDict

from awards.forms import AnswersForm, LetterForm, NomineeForm
from awards.models import Award, SchoolLevel
from awards.queries import eligible_schools
from tests.awards.factories import question_dict
from tests.factories import AwardFactory, SchoolFactory


def post(**fields) -> QueryDict:
    """Form data as a browser posts it: lists become repeated keys."""
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


ESSAY = question_dict(key="impact", kind="long_text", label="Impact", word_limit=5)
SUBJECTS = question_dict(
    key="subjects", kind="multiple_choice", label="Subjects", choices=["Math", "Science", "Art"]
)
LAB = question_dict(
    key="lab", kind="long_text", label="Lab", show_if_key="subjects", show_if_value="Science"
)
YEARS = question_dict(key="years", kind="single_choice", label="Years", choices=["1-2", "6+"])
MENTOR = question_dict(
    key="mentor", kind="short_text", label="Mentor", show_if_key="years", show_if_value="6+"
)


# AnswersForm


def test_answers_form_valid_answers_are_clean():
    form = AnswersForm(
        post(impact="Five words exactly right here", subjects=["Math"]),
        questions=(ESSAY, SUBJECTS, LAB),
        answers={},
    )

    assert form.is_valid() is True
    assert form.cleaned_data == {"impact": "Five words exactly right here", "subjects": ["Math"]}


def test_answers_form_invalid_keeps_raw_values():
    form = AnswersForm(
        post(
            impact="  far too many words for this little essay  ",
            subjects=["Math", "Cooking"],
            years="40",
        ),
        questions=(ESSAY, SUBJECTS, YEARS),
        answers={},
    )

    assert form.is_valid() is False
    assert set(form.errors) == {"impact", "subjects", "years"}
    assert form.raw_values() == {
        "impact": "far too many words for this little essay",
        "subjects": ["Math", "Cooking"],
        "years": "40",
    }


def test_answers_form_raw_values_of_missing_answers_are_empty():
    form = AnswersForm(post(), questions=(ESSAY, SUBJECTS), answers={})

    assert form.raw_values() == {"impact": "", "subjects": []}


def test_answers_form_leaves_file_and_letter_questions_out():
    resume = question_dict(key="resume", kind="file")
    support = question_dict(key="support", kind="letters")

    form = AnswersForm(post(), questions=(ESSAY, resume, support), answers={})

    assert list(form.fields) == ["impact"]
    assert form.raw_values() == {"impact": ""}


def test_answers_form_word_limit_at_limit_is_valid():
    form = AnswersForm(post(impact="one two three four five"), questions=(ESSAY,), answers={})

    assert form.is_valid() is True


def test_answers_form_word_limit_exceeded_is_an_error():
    form = AnswersForm(post(impact="one two three four five six"), questions=(ESSAY,), answers={})

    assert form.is_valid() is False
    assert form.errors["impact"] == ["Use at most 5 words (you have 6)."]


def test_answers_form_word_limit_counts_words_not_lines():
    form = AnswersForm(
        post(impact="one\ntwo\n\n\nthree\tfour\u00a0five six"), questions=(ESSAY,), answers={}
    )

    assert form.is_valid() is False
    assert form.errors["impact"] == ["Use at most 5 words (you have 6)."]


def test_answers_form_inactive_conditional_question_error_is_dropped():
    form = AnswersForm(post(subjects=["Math"]), questions=(SUBJECTS, LAB), answers={})

    assert form.is_valid() is True
    assert "lab" not in form.errors
    assert "lab" not in form.cleaned_data


def test_answers_form_active_conditional_question_is_required():
    form = AnswersForm(post(subjects=["Math", "Science"]), questions=(SUBJECTS, LAB), answers={})

    assert form.is_valid() is False
    assert form.errors == {"lab": ["This question needs an answer."]}


def test_answers_form_single_value_condition_inactive_drops_error():
    form = AnswersForm(post(years="1-2"), questions=(YEARS, MENTOR), answers={})

    assert form.is_valid() is True


def test_answers_form_single_value_condition_active_is_required():
    form = AnswersForm(post(years="6+"), questions=(YEARS, MENTOR), answers={})

    assert form.is_valid() is False
    assert form.errors == {"mentor": ["This question needs an answer."]}


def test_answers_form_condition_answered_on_an_earlier_step_counts():
    # MENTOR is on this step; the answer it depends on was saved on an earlier one.
    form = AnswersForm(post(), questions=(MENTOR,), answers={"years": "6+"})

    assert form.is_valid() is False
    assert form.errors == {"mentor": ["This question needs an answer."]}


def test_answers_form_inactive_condition_drops_even_invalid_answers():
    form = AnswersForm(
        post(subjects=["Math"], lab="x " * 10), questions=(SUBJECTS, LAB), answers={}
    )

    assert form.is_valid() is True
    assert "lab" not in form.cleaned_data


# NomineeForm


def nominee_post(chosen_school, **overrides) -> QueryDict:
    fields = {
        "nominee_first_name": "Margaret",
        "nominee_last_name": "Hamilton",
        "nominee_email": "",
        "nominee_role": "Science teacher",
        "school": str(chosen_school.pk),
        "nominator_relationship": "Parent",
        **overrides,
    }
    return post(**fields)


@pytest.mark.django_db
def test_eligible_schools_limits_levels_title_i_and_active():
    award = AwardFactory(
        eligible_school_levels=[SchoolLevel.ELEMENTARY, SchoolLevel.K8], title_i_only=True
    )
    eligible = SchoolFactory(name="Birch", level=SchoolLevel.ELEMENTARY, title_i=True)
    k8 = SchoolFactory(name="Alder", level=SchoolLevel.K8, title_i=True)
    SchoolFactory(name="Cedar", level=SchoolLevel.HIGH, title_i=True)
    SchoolFactory(name="Dogwood", level=SchoolLevel.ELEMENTARY, title_i=False)
    SchoolFactory(name="Elm", level=SchoolLevel.ELEMENTARY, title_i=True, active=False)

    assert list(eligible_schools(award)) == [k8, eligible]


@pytest.mark.django_db
def test_nominee_form_without_rules_offers_every_active_school():
    award = AwardFactory()
    schools = [SchoolFactory(name=name) for name in ("Birch", "Alder")]

    assert list(NomineeForm(award=award).fields["school"].queryset) == sorted(
        schools, key=lambda school: school.name
    )


@pytest.mark.django_db
def test_nominee_form_eligible_school_is_accepted():
    award = AwardFactory(eligible_school_levels=[SchoolLevel.MIDDLE], title_i_only=True)
    school = SchoolFactory(level=SchoolLevel.MIDDLE, title_i=True)

    form = NomineeForm(nominee_post(school), award=award)

    assert form.is_valid() is True
    assert form.raw_values()["school_id"] == school.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "title_i"),
    [(SchoolLevel.HIGH, True), (SchoolLevel.MIDDLE, False)],
    ids=["wrong-level", "not-title-i"],
)
def test_nominee_form_ineligible_school_is_refused(level, title_i):
    award = AwardFactory(eligible_school_levels=[SchoolLevel.MIDDLE], title_i_only=True)
    school = SchoolFactory(level=level, title_i=title_i)

    form = NomineeForm(nominee_post(school), award=award)

    assert form.is_valid() is False
    assert form.errors["school"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert form.raw_values()["school_id"] is None


@pytest.mark.django_db
def test_nominee_form_inactive_school_is_refused():
    award = AwardFactory()
    school = SchoolFactory(active=False)

    form = NomineeForm(nominee_post(school), award=award)

    assert form.is_valid() is False
    assert form.raw_values()["school_id"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("tampered", ["1 OR 1=1", "abc", "1.5", "-1", " ", "9" * 30])
def test_nominee_form_raw_values_tampered_school_id_is_none(tampered):
    award = AwardFactory()
    school = SchoolFactory()

    form = NomineeForm(nominee_post(school, school=tampered), award=award)

    assert form.raw_values()["school_id"] is None
    assert form.is_valid() is False


@pytest.mark.django_db
def test_nominee_form_raw_values_keep_invalid_input():
    award = AwardFactory(nominee_notice=Award.NomineeNotice.NOTIFY)
    school = SchoolFactory()

    form = NomineeForm(
        nominee_post(school, nominee_first_name="  Margaret  ", nominee_email="not-an-address"),
        award=award,
    )

    assert form.is_valid() is False
    assert form.raw_values() == {
        "nominee_first_name": "Margaret",
        "nominee_last_name": "Hamilton",
        "nominee_email": "not-an-address",
        "nominee_role": "Science teacher",
        "school_id": school.pk,
        "nominator_relationship": "Parent",
    }


@pytest.mark.django_db
def test_nominee_form_email_optional_for_a_surprise_award():
    award = AwardFactory(nominee_notice=Award.NomineeNotice.SURPRISE)
    school = SchoolFactory()

    form = NomineeForm(nominee_post(school, nominee_email=""), award=award)

    assert form.fields["nominee_email"].required is False
    assert form.is_valid() is True


@pytest.mark.django_db
def test_nominee_form_email_required_when_the_award_notifies_the_nominee():
    award = AwardFactory(nominee_notice=Award.NomineeNotice.NOTIFY)
    school = SchoolFactory()

    form = NomineeForm(nominee_post(school, nominee_email=""), award=award)

    assert form.is_valid() is False
    assert form.errors == {"nominee_email": ["This field is required."]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field",
    [
        "nominee_first_name",
        "nominee_last_name",
        "nominee_role",
        "school",
        "nominator_relationship",
    ],
)
def test_nominee_form_field_is_required(field):
    award = AwardFactory()
    school = SchoolFactory()

    form = NomineeForm(nominee_post(school, **{field: ""}), award=award)

    assert form.is_valid() is False
    assert form.errors == {field: ["This field is required."]}


# LetterForm


def test_letter_form_text_alone_is_valid():
    assert LetterForm(post(letter_text="She is wonderful.")).is_valid() is True


def test_letter_form_blank_text_and_no_file_is_refused():
    form = LetterForm(post(letter_text="   \n  "))

    assert form.is_valid() is False
    assert form.non_field_errors() == ["Write your letter or upload it as a file."]
