"""The staff "Translate the form" screen of a cycle: one page per language listing every English
text families read (the award's name and description, the step titles, each question's label,
help text, options and "if No" message), each with a field for its translation, filled with
what exists, saved in one go and audited. Staff only."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Question
from portal.models import AuditEvent
from tests.awards.factories import NominationFactory, QuestionFactory
from tests.factories import CycleFactory, UserFactory

LOGIN_URL = "/accounts/login/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def form(cycle, questions, award):
    """The `questions` form with every kind of text staff write, and one Spanish translation
    already given (the essay question's label) and one Vietnamese."""
    award.name = "Curiosity Prize"
    award.description = "For a teacher who makes science joyful."
    award.save()
    questions["impact"].help_text = "Concrete examples help most."
    label = questions["impact"].label
    questions["impact"].translations = {
        "es": {"label": {label: "¿Cómo ha cambiado esta maestra el año de su hijo?"}},
        "vi": {"label": {label: "Cô giáo đã thay đổi năm học của con bạn thế nào?"}},
    }
    questions["impact"].save()
    questions["attest"].if_no_message = "Only teachers at a district school can be nominated."
    questions["attest"].save()
    return questions


def english_texts(cycle) -> set[str]:
    """Every text of the form a family reads, as staff wrote it: the oracle of the screen."""
    award = cycle.award
    texts = {award.name, award.description}
    for question in cycle.questions.all():
        texts |= {question.section, question.label, question.help_text, question.if_no_message}
        texts |= set(question.choices)
    return texts - {""}


def translate_url(cycle, language="es"):
    return reverse("cycle:translate_language", args=(cycle.pk, language))


def fields_by_english(response) -> dict[str, dict]:
    """The screen's translation fields, by the English text each one translates (the text the
    field is described by): {english: {"name": …, "value": …, "lang": …}}."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    form = soup.find("form", id="translate-form")
    fields = {}
    for field in form.find_all(["input", "textarea"]):
        if field.get("type") in ("hidden", "submit"):
            continue
        described_by = soup.find(id=field["aria-describedby"])
        english = described_by.get_text(strip=True)
        value = field.text.removeprefix("\n") if field.name == "textarea" else field.get("value")
        fields[english] = {"name": field["name"], "value": value or "", "lang": field.get("lang")}
    return fields


def post_data(response, translations: dict[str, str]) -> dict:
    """The page's form as a browser would send it, with `translations` typed in (by English
    text) and every other field as it was."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    form = soup.find("form", id="translate-form")
    data = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input", attrs={"type": "hidden"})
    }
    for english, field in fields_by_english(response).items():
        data[field["name"]] = translations.get(english, field["value"])
    return data


def test_translate_page_lists_every_english_text_with_its_translation(staff_client, cycle, form):
    response = staff_client.get(translate_url(cycle))

    assert response.status_code == 200
    fields = fields_by_english(response)
    assert set(fields) == english_texts(cycle)
    assert fields[form["impact"].label]["value"] == (
        "¿Cómo ha cambiado esta maestra el año de su hijo?"
    )
    assert fields["Science"]["value"] == ""
    # What is typed is marked as Spanish (spelling, screen readers).
    assert {field["lang"] for field in fields.values()} == {"es"}


def test_translations_are_saved_in_one_go_and_read_by_families(
    staff_client, staff_user, cycle, form, user, school
):
    page = staff_client.get(translate_url(cycle))
    data = post_data(
        page,
        {
            "Curiosity Prize": "Premio Curiosidad",
            "Why this teacher": "Por qué esta maestra",
            "Concrete examples help most.": "Los ejemplos concretos ayudan más.",
            "Science": "Ciencias",
            "Only teachers at a district school can be nominated.": (
                "Solo se puede nominar a maestras de una escuela del distrito."
            ),
        },
    )

    response = staff_client.post(translate_url(cycle), data)

    assert response.status_code == 302
    draft = NominationFactory(cycle=cycle, nominator=user, school=school)
    user_client = staff_client
    user_client.force_login(user)
    step = BeautifulSoup(
        user_client.get(f"/es/nominations/{draft.code}/step/2/").content.decode(), "html.parser"
    )
    assert step.find("h1").get_text(strip=True) == "Por qué esta maestra"
    assert step.select_one(".eyebrow").get_text(strip=True) == "Premio Curiosidad"
    assert (
        step.find(id="id_impact_helptext")
        .get_text(strip=True)
        .startswith("Los ejemplos concretos ayudan más.")
    )
    science = step.find("input", attrs={"name": "subjects", "value": "Science"})
    assert step.find("label", attrs={"for": science["id"]}).get_text(strip=True) == "Ciencias"
    event = AuditEvent.objects.get(action="cycle.translated")
    assert event.actor == staff_user
    assert event.object_code == str(cycle.pk)
    assert event.data["language"] == "es"
    assert event.data["changed"] == 5


def test_saved_translations_show_on_the_page_again(staff_client, cycle, form):
    page = staff_client.get(translate_url(cycle))
    staff_client.post(translate_url(cycle), post_data(page, {"Art": "Arte"}))

    fields = fields_by_english(staff_client.get(translate_url(cycle)))

    assert fields["Art"]["value"] == "Arte"
    assert fields[form["impact"].label]["value"] == (
        "¿Cómo ha cambiado esta maestra el año de su hijo?"
    )


def test_emptied_translation_falls_back_to_english_and_other_languages_stay(
    staff_client, cycle, form
):
    page = staff_client.get(translate_url(cycle))

    staff_client.post(translate_url(cycle), post_data(page, {form["impact"].label: ""}))

    impact = Question.objects.get(pk=form["impact"].pk)
    assert impact.translations == {
        "vi": {"label": {impact.label: "Cô giáo đã thay đổi năm học của con bạn thế nào?"}}
    }


def test_each_language_has_its_own_page(staff_client, cycle, form):
    fields = fields_by_english(staff_client.get(translate_url(cycle, "vi")))

    assert fields[form["impact"].label]["value"] == (
        "Cô giáo đã thay đổi năm học của con bạn thế nào?"
    )
    assert fields[form["impact"].label]["lang"] == "vi"


@pytest.mark.parametrize("language", ["en", "xx"])
def test_a_language_families_do_not_read_has_no_page(staff_client, cycle, form, language):
    assert staff_client.get(translate_url(cycle, language)).status_code == 404


def test_form_changed_since_the_page_was_opened_is_not_saved(staff_client, cycle, form):
    page = staff_client.get(translate_url(cycle))
    data = post_data(page, {"Science": "Ciencias"})
    subjects = form["subjects"]
    subjects.choices = ["Mathematics", "Biology", "Art"]
    subjects.save()

    response = staff_client.post(translate_url(cycle), data)

    assert response.status_code == 200
    assert "changed since" in response.content.decode()
    subjects.refresh_from_db()
    assert subjects.translations == {}
    assert not AuditEvent.objects.filter(action="cycle.translated").exists()


def test_translate_pages_are_reached_from_the_cycle(staff_client, cycle, form):
    edit = staff_client.get(reverse("cycle:edit", args=(cycle.pk,))).content.decode()
    landing_url = reverse("cycle:translate", args=(cycle.pk,))
    assert f'href="{landing_url}"' in edit

    landing = staff_client.get(landing_url).content.decode()

    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            assert f'href="{translate_url(cycle, code)}"' in landing
    assert f'href="{translate_url(cycle, settings.LANGUAGE_CODE)}"' not in landing


@pytest.mark.parametrize("who", ["anonymous", "nominator", "reviewer"])
def test_people_outside_the_admin_are_sent_to_sign_in(client, cycle, form, who):
    if who != "anonymous":
        client.force_login(UserFactory(reviewer=who == "reviewer", verified=True))

    for url in (reverse("cycle:translate", args=(cycle.pk,)), translate_url(cycle)):
        assert client.get(url).status_code == 302
        response = client.post(url, {"csrfmiddlewaretoken": "x"})
        assert response.status_code in (302, 403)
    assert client.get(translate_url(cycle))["Location"].startswith(LOGIN_URL)
    assert not AuditEvent.objects.filter(action="cycle.translated").exists()


def test_admin_user_who_may_not_change_cycles_cannot_translate(client, cycle, form):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)

    page = client.get(translate_url(cycle))
    posted = client.post(translate_url(cycle), {"award-name": "Premio"})

    assert page.status_code == posted.status_code == 302
    assert page["Location"] == reverse("wagtailadmin_home")
    cycle.award.refresh_from_db()
    assert cycle.award.translations == {}


def test_translate_page_queries_do_not_grow_with_questions(staff_client):
    def measure(cycle) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(translate_url(cycle))
        assert response.status_code == 200
        return len(queries)

    small, large = CycleFactory(), CycleFactory()
    QuestionFactory(cycle=small, kind="single_choice", choices=["A", "B"], help_text="Help.")
    for n in range(12):
        QuestionFactory(cycle=large, section=f"Part {n}", kind="single_choice", choices=["A", "B"])
    staff_client.get(translate_url(small))  # warms process-wide caches

    assert measure(small) == measure(large)


def test_cycle_list_offers_translation_without_more_queries_per_cycle(staff_client):
    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(reverse("cycle:index"))
        assert response.status_code == 200
        return len(queries), response.content.decode().count("Translate the form")

    CycleFactory()
    staff_client.get(reverse("cycle:index"))  # warms process-wide caches
    one = measure()
    for _ in range(9):
        CycleFactory()
    ten = measure()

    assert (one[1], ten[1]) == (1, 10)
    assert one[0] == ten[0]
