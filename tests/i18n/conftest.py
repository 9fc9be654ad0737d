"""Fixtures of the language tests: the pseudo language, and a foundation whose every
staff-written and typed word is marked as data («…»)."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import trans_real
from wagtail.models import Page, Site

from awards.domain.nominations import submit_nomination
from awards.models import Award, NomineeCategory, Question, SchoolLevel
from cms.models import AwardIndexPage, AwardPage, FoundationSettings, HomePage, ResultsPage
from tests.awards.factories import LetterRequestFactory, NominationFactory, QuestionFactory
from tests.factories import AwardFactory, CycleFactory, SchoolFactory, UserFactory

from .pseudo import CODE, PseudoTranslation, transform


@pytest.fixture
def pseudo(settings, tmp_path):
    """The pseudo language, known to Django (an empty compiled catalogue makes it a language
    Django accepts in a URL) and active under /qps/."""
    folder = tmp_path / "locale" / CODE / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
    )
    subprocess.run(  # noqa: S603 - a fixed program on a file this test wrote
        ["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")],  # noqa: S607
        check=True,
    )
    # Named in itself, as every language is: in the pseudo language.
    settings.LANGUAGES = [*settings.LANGUAGES, (CODE, transform("Pseudo"))]
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, tmp_path / "locale"]
    pseudo = PseudoTranslation()
    trans_real._translations[CODE] = pseudo
    yield pseudo
    trans_real._translations.pop(CODE, None)
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db, home_page):
    """A foundation whose every staff-written and typed word is marked as data."""
    site = Site.objects.get(is_default_site=True)
    foundation = FoundationSettings.for_site(site)
    foundation.foundation_name = "«Foundation»"
    foundation.contact_email = "awards@foundation.example"
    foundation.save()
    Page.objects.filter(pk=home_page.pk).update(title="«Home»")
    HomePage.objects.filter(pk=home_page.pk).update(
        hero_heading="«Celebrating teachers»", intro="«Nominate someone.»"
    )
    school = SchoolFactory(name="«Lakeside High»", level=SchoolLevel.HIGH, title_i=True)
    SchoolFactory(name="«Bayview Elementary»", level=SchoolLevel.ELEMENTARY, title_i=False)
    award = AwardFactory(
        name="«Leadership Award»",
        slug="leadership",
        description="«For leaders.»",
        category=NomineeCategory.STUDENT,
        eligible_school_levels=[SchoolLevel.HIGH],
        title_i_only=True,
        min_years_at_school=1,
        min_years_in_district=2,
        requires_guardian_consent=True,
        nominee_notice=Award.NomineeNotice.NOTIFY,
        nominee_handoff=True,
    )
    cycle = CycleFactory(
        award=award,
        name="«2026-27»",
        letters_due_at=timezone.now() + timedelta(days=40),
        results_expected_on=(timezone.now() + timedelta(days=90)).date(),
    )
    kinds = [
        (Question.Kind.ATTESTATION, "«First»", {"if_no_message": "«Not eligible.»"}),
        (Question.Kind.LONG_TEXT, "«First»", {"word_limit": 50}),
        (Question.Kind.SHORT_TEXT, "«Second»", {}),
        (Question.Kind.SINGLE_CHOICE, "«Second»", {"choices": ["«Red»", "«Blue»"]}),
        (Question.Kind.MULTIPLE_CHOICE, "«Second»", {"choices": ["«Apple»", "«Pear»"]}),
        (Question.Kind.DATE, "«Second»", {}),
        (Question.Kind.NUMBER, "«Second»", {}),
        (Question.Kind.FILE, "«Third»", {"allowed_file_types": ["pdf"], "required": False}),
        (Question.Kind.LETTERS, "«Third»", {"min_letters": 1, "max_letters": 2}),
    ]
    for number, (kind, section, extra) in enumerate(kinds):
        QuestionFactory(
            cycle=cycle,
            key=f"q{number}",
            kind=kind,
            section=section,
            label=f"«Question {number}»",
            help_text=f"«Help {number}»",
            **extra,
        )
    nominator = UserFactory(verified=True, display_name="«Pat Parent»")
    people = {
        "nominee_first_name": "«Ada»",
        "nominee_last_name": "«Lovelace»",
        "nominee_email": "ada@school.example",
        "nominee_role": "«12th grader»",
        "nominator_relationship": "«Teacher»",
        "years_at_school": 3,
        "years_in_district": 5,
        "guardian_name": "«Anna»",
        "guardian_email": "anna@family.example",
    }
    answers = {
        "q0": "yes",
        "q1": "«Essay»",
        "q2": "«Short»",
        "q3": "«Red»",
        "q4": ["«Pear»"],
        "q5": "2020-01-01",
        "q6": "3",
    }
    draft = NominationFactory(cycle=cycle, nominator=nominator, school=school, **people)
    sent = NominationFactory(
        cycle=cycle,
        nominator=nominator,
        school=school,
        answers=answers,
        **people,
    )
    LetterRequestFactory(nomination=sent, question_key="q8", writer_name="«Grace»")
    submit_nomination(sent, nominator, sent.submission_key)
    sent.refresh_from_db()
    letter = LetterRequestFactory(nomination=draft, question_key="q8", writer_name="«Grace»")

    index = home_page.add_child(instance=AwardIndexPage(title="«Awards»", slug="awards"))
    index.add_child(
        instance=AwardPage(
            title="«Leadership Award»", slug="leadership", award=award, summary="«Sum»"
        )
    )
    home_page.add_child(instance=ResultsPage(title="«Results»", slug="results", cycle=cycle))
    unnamed = UserFactory(verified=True, display_name="")
    return {
        "award": award,
        "draft": draft,
        "sent": sent,
        "letter": letter,
        "nominator": nominator,
        "unnamed": unnamed,
        "school": school,
        "people": people,
        "answers": answers,
        "data": {
            draft.code,
            sent.code,
            nominator.email,
            unnamed.email,
            "ada@school.example",
            "anna@family.example",
            "awards@foundation.example",
            letter.writer_email,
        },
    }
