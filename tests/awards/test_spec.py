import pytest
from django.utils import timezone

from awards import spec
from awards.models import Question
from tests.awards.factories import NominationFactory, QuestionFactory, question_dict


def test_steps_for_no_questions_is_the_nominee_step_alone():
    assert spec.steps_for([]) == [spec.Step(1, "Nominee", ())]


def test_steps_for_puts_nominee_first_then_sections_in_order_of_appearance():
    story = question_dict(key="story", section="Why this teacher")
    years = question_dict(key="years", section="Eligibility")
    impact = question_dict(key="impact", section="Why this teacher")
    resume = question_dict(key="resume", section="Documents")

    steps = spec.steps_for([story, years, impact, resume])

    assert steps == [
        spec.Step(1, "Nominee", ()),
        spec.Step(2, "Why this teacher", (story, impact)),
        spec.Step(3, "Eligibility", (years,)),
        spec.Step(4, "Documents", (resume,)),
    ]


def test_steps_for_blank_section_is_called_questions():
    untitled = question_dict(key="untitled", section="")

    assert spec.steps_for([untitled])[1] == spec.Step(2, "Questions", (untitled,))


@pytest.mark.django_db
def test_questions_for_draft_is_the_cycle_form_in_order():
    first = QuestionFactory(key="first", sort_order=2)
    second = QuestionFactory(cycle=first.cycle, key="second", sort_order=1)
    draft = NominationFactory(cycle=first.cycle)

    assert spec.questions_for(draft) == [second.snapshot(), first.snapshot()]


@pytest.mark.django_db
def test_questions_for_submitted_nomination_is_its_snapshot():
    live = QuestionFactory(key="live")
    old = question_dict(key="old", label="The question as it was")
    nomination = NominationFactory(
        cycle=live.cycle, form_snapshot=[old], submitted_at=timezone.now()
    )

    assert spec.questions_for(nomination) == [old]


@pytest.mark.django_db
def test_questions_for_submitted_nomination_with_an_empty_snapshot_is_empty():
    live = QuestionFactory(key="added-after-submission")
    nomination = NominationFactory(cycle=live.cycle, form_snapshot=[], submitted_at=timezone.now())

    assert spec.questions_for(nomination) == []


# Conditional questions


def test_is_active_unconditional_question_is_true():
    assert spec.is_active(question_dict(), {}) is True


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("6 or more", True), ("1-2", False), ("", False), (None, False), ("6 OR MORE", False)],
)
def test_is_active_single_value_condition(answer, expected):
    mentor = question_dict(key="mentor", show_if_key="years", show_if_value="6 or more")

    assert spec.is_active(mentor, {"years": answer}) is expected


def test_is_active_condition_unanswered_is_false():
    mentor = question_dict(key="mentor", show_if_key="years", show_if_value="6 or more")

    assert spec.is_active(mentor, {}) is False


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (["Science"], True),
        (["Art", "Science"], True),
        (["Art"], False),
        ([], False),
        (["Science fiction"], False),
    ],
)
def test_is_active_multiple_choice_condition_is_membership(answer, expected):
    lab = question_dict(key="lab", show_if_key="subjects", show_if_value="Science")

    assert spec.is_active(lab, {"subjects": answer}) is expected


# answer_errors, kind by kind


@pytest.mark.parametrize("kind", ["short_text", "long_text", "date", "number", "attestation"])
@pytest.mark.parametrize("empty", [None, "", []])
def test_answer_errors_required_empty_needs_an_answer(kind, empty):
    question = question_dict(kind=kind, required=True)

    assert spec.answer_errors(question, empty) == ["This question needs an answer."]


@pytest.mark.parametrize("kind", ["short_text", "long_text", "single_choice", "multiple_choice"])
def test_answer_errors_optional_empty_is_fine(kind):
    question = question_dict(kind=kind, required=False, choices=["A", "B"])

    assert spec.answer_errors(question, None) == []
    assert spec.answer_errors(question, "") == []


@pytest.mark.parametrize(
    ("kind", "value"),
    [("short_text", "Ms. Hamilton"), ("date", "2026-10-01"), ("number", "12"), ("number", "0")],
)
def test_answer_errors_answered_is_fine(kind, value):
    assert spec.answer_errors(question_dict(kind=kind), value) == []


def test_answer_errors_long_text_at_word_limit_is_fine():
    essay = question_dict(kind="long_text", word_limit=5)

    assert spec.answer_errors(essay, "one two three four five") == []


def test_answer_errors_long_text_one_word_over_limit():
    essay = question_dict(kind="long_text", word_limit=5)

    assert spec.answer_errors(essay, "one two three four five six") == [
        "Use at most 5 words (you have 6)."
    ]


def test_answer_errors_long_text_without_limit_takes_any_length():
    essay = question_dict(kind="long_text", word_limit=None)

    assert spec.answer_errors(essay, "word " * 10_000) == []


def test_answer_errors_single_choice_known_option_is_fine():
    years = question_dict(kind="single_choice", choices=["1-2", "3-5"])

    assert spec.answer_errors(years, "3-5") == []


def test_answer_errors_single_choice_unknown_option():
    years = question_dict(kind="single_choice", choices=["1-2", "3-5"])

    assert spec.answer_errors(years, "40") == ["Choose one of the options."]


def test_answer_errors_multiple_choice_subset_is_fine():
    subjects = question_dict(kind="multiple_choice", choices=["Math", "Science", "Art"])

    assert spec.answer_errors(subjects, ["Art", "Math"]) == []


def test_answer_errors_multiple_choice_unknown_option():
    subjects = question_dict(kind="multiple_choice", choices=["Math", "Science", "Art"])

    assert spec.answer_errors(subjects, ["Art", "Cooking"]) == ["Choose from the options given."]


def test_answer_errors_multiple_choice_required_none_chosen():
    subjects = question_dict(kind="multiple_choice", choices=["Math"], required=True)

    assert spec.answer_errors(subjects, []) == ["This question needs an answer."]


def test_answer_errors_required_file_missing():
    resume = question_dict(kind=Question.Kind.FILE, required=True, max_files=2)

    assert spec.answer_errors(resume, None, file_count=0) == ["Upload a file."]


@pytest.mark.parametrize("file_count", [1, 2])
def test_answer_errors_file_count_within_limits_is_fine(file_count):
    resume = question_dict(kind=Question.Kind.FILE, required=True, max_files=2)

    assert spec.answer_errors(resume, None, file_count=file_count) == []


def test_answer_errors_file_count_over_maximum():
    resume = question_dict(kind=Question.Kind.FILE, required=True, max_files=2)

    assert spec.answer_errors(resume, None, file_count=3) == ["Upload at most 2 files."]


def test_answer_errors_optional_file_missing_is_fine():
    photo = question_dict(kind=Question.Kind.FILE, required=False)

    assert spec.answer_errors(photo, None, file_count=0) == []


@pytest.mark.parametrize(
    ("min_letters", "letter_count", "expected"),
    [
        (2, 1, ["Ask for at least 2 letters of support."]),
        (1, 0, ["Ask for at least 1 letter of support."]),
        (2, 2, []),
        (2, 3, []),
        (0, 0, []),
    ],
)
def test_answer_errors_letters_minimum(min_letters, letter_count, expected):
    support = question_dict(kind=Question.Kind.LETTERS, min_letters=min_letters, max_letters=3)

    assert spec.answer_errors(support, None, letter_count=letter_count) == expected


# word_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, 0),
        ("", 0),
        (" \t\r\n ", 0),
        ("one", 1),
        ("  leading and trailing  ", 3),
        ("tabs\tand\nnewlines\r\nand  double  spaces", 6),
        ("no-break\u00a0space and\u2003em space", 5),
        ("line\u2028separator", 2),
        ("well-known, state-of-the-art!", 2),
        ("— a dash — counts", 5),
    ],
)
def test_word_count_splits_on_any_whitespace(text, expected):
    assert spec.word_count(text) == expected
