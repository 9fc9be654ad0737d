"""The awards admin (Wagtail): cycles with their forms, awards, nominations, downloads,
deadline extensions and the school roster import."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from awards.admin_views import nominations as nomination_views
from awards.domain.letters import stop_letter_reminders
from awards.models import (
    Award,
    Cycle,
    DeadlineExtension,
    LetterRequest,
    Nomination,
    NominationRevision,
    School,
)
from portal.models import AuditEvent
from portal.storage import private_storage
from tests.awards.factories import (
    LetterRequestFactory,
    NominationFactory,
    NominationFileFactory,
    QuestionFactory,
)
from tests.factories import AwardFactory, CycleFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

NOMINEE_EMAIL = "jordan.private@students.example"
LOGIN_URL = "/accounts/login/"


def submitted(**fields) -> Nomination:
    fields.setdefault("status", Nomination.Status.SUBMITTED)
    fields.setdefault("submitted_at", timezone.now())
    return NominationFactory(**fields)


def add_file(nomination, name="essay.pdf", data=b"%PDF-1.4 essay"):
    """A file row whose content really is in private storage."""
    return NominationFileFactory(
        nomination=nomination,
        question_key="essay",
        storage_key=private_storage().save(f"nominations/{name}", ContentFile(data)),
        display_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def add_letter(nomination, status=LetterRequest.Status.REQUESTED, **fields):
    return LetterRequestFactory(
        nomination=nomination, question_key="letters", status=status, **fields
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def nomination(db):
    """A submitted nomination answering a two-step form; the nominee's e-mail is the secret."""
    cycle = CycleFactory()
    questions = [
        QuestionFactory(cycle=cycle, key="essay", section="Why them", label="Why this teacher?"),
        QuestionFactory(cycle=cycle, key="letters", section="Support", letters=True),
    ]
    return submitted(
        cycle=cycle,
        form_snapshot=[question.snapshot() for question in questions],
        nominee_first_name="Jordan",
        nominee_last_name="Lee",
        nominee_email=NOMINEE_EMAIL,
        answers={"essay": "Jordan stays late every day."},
    )


def index_url():
    return reverse("nomination:index")


# Every year's nominations of every status: what the list showed by default before it opened on
# this year's submitted ones.
ALL = {"year": "", "status": ""}


def detail_url(nomination):
    return reverse("nomination:inspect", args=(nomination.code,))


def file_url(nomination, record):
    return reverse("nomination:file", args=(nomination.code, record.code))


def listed_codes(response) -> set[str]:
    return {item.code for item in response.context["object_list"]}


# The nominations list ---------------------------------------------------------------------------


def test_nominations_list_staff_sees_nominee_and_letters(staff_client, nomination):
    add_letter(nomination, status=LetterRequest.Status.RECEIVED)
    add_letter(nomination, writer_email="second@example.org")
    add_letter(nomination, status=LetterRequest.Status.CANCELLED, writer_email="x@example.org")

    response = staff_client.get(index_url(), ALL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Jordan Lee" in html
    assert detail_url(nomination) in html
    assert "1 of 2" in html
    assert response.context["paginator"].per_page == 50


def test_nominations_list_query_count_does_not_grow_with_nominations(staff_client):
    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(index_url(), ALL)
        assert response.status_code == 200
        return len(queries)

    first = submitted()
    add_letter(first, status=LetterRequest.Status.RECEIVED)
    staff_client.get(index_url(), ALL)  # warms process-wide caches (content types, site)
    with_one = list_queries()
    for _ in range(49):
        many = submitted()
        add_letter(many)
        add_file(many, name=f"{many.code}.pdf")

    with_fifty = list_queries()

    assert Nomination.objects.count() == 50
    assert with_fifty == with_one


def test_nominations_list_has_no_add_or_edit_views(staff_client, nomination):
    response = staff_client.get(index_url())

    assert b"/admin/nomination/new/" not in response.content
    for name, args in [("add", ()), ("edit", (nomination.pk,)), ("delete", (nomination.pk,))]:
        with pytest.raises(NoReverseMatch):
            reverse(f"nomination:{name}", args=args)
    assert staff_client.get("/admin/nomination/new/").status_code == 404
    assert staff_client.get(f"/admin/nomination/edit/{nomination.pk}/").status_code == 404


def test_nominations_list_filter_letters_complete(staff_client):
    complete = submitted()
    add_letter(complete, status=LetterRequest.Status.RECEIVED)
    add_letter(complete, status=LetterRequest.Status.CANCELLED, writer_email="c@example.org")
    waiting = submitted()
    add_letter(waiting, status=LetterRequest.Status.RECEIVED)
    add_letter(waiting, writer_email="late@example.org")

    yes = staff_client.get(index_url(), {"letters_complete": "true"})
    no = staff_client.get(index_url(), {"letters_complete": "false"})

    assert listed_codes(yes) == {complete.code}
    assert listed_codes(no) == {waiting.code}


def test_nominations_list_filter_by_award_status_and_eligibility(staff_client):
    award = AwardFactory()
    wanted = submitted(cycle=CycleFactory(award=award))
    submitted(cycle=CycleFactory(award=award), status=Nomination.Status.DRAFT)
    submitted()
    submitted(cycle=CycleFactory(award=award), eligibility=Nomination.Eligibility.INELIGIBLE)

    response = staff_client.get(
        index_url(), {"award": award.pk, "status": "submitted", "eligibility": "pending"}
    )

    assert listed_codes(response) == {wanted.code}


@pytest.mark.parametrize("query", ["jordan lee", "LEE", "Maple Grove"])
def test_nominations_list_search_finds_by_name_and_school(staff_client, nomination, query):
    School.objects.filter(pk=nomination.school_id).update(name="Maple Grove Elementary")
    submitted(nominee_first_name="Sam", nominee_last_name="Other")

    response = staff_client.get(index_url(), {"q": query})

    assert listed_codes(response) == {nomination.code}


def test_nominations_list_search_finds_by_code(staff_client, nomination):
    submitted()

    response = staff_client.get(index_url(), {"q": nomination.code})

    assert listed_codes(response) == {nomination.code}


# Cannot see --------------------------------------------------------------------------------------


def test_nominations_admin_cannot_be_seen_by_nominator(client, user, nomination):
    own = submitted(nominator=user)
    record = add_file(nomination)
    client.force_login(user)

    responses = [
        client.get(index_url()),
        client.get(detail_url(nomination)),
        client.get(detail_url(own)),
        client.get(index_url(), {"export": "csv"}),
        client.get(file_url(nomination, record)),
    ]

    for response in responses:
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)
        assert NOMINEE_EMAIL.encode() not in response.content
    assert AuditEvent.objects.filter(action="nomination.file_downloaded").count() == 0


def test_nominations_admin_cannot_be_seen_anonymously(client, nomination):
    record = add_file(nomination)

    for url in [index_url(), detail_url(nomination), file_url(nomination, record)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)
        assert NOMINEE_EMAIL.encode() not in response.content


def test_nominations_admin_refuses_admin_user_without_award_permissions(client, nomination):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)

    listing = client.get(index_url())
    detail = client.get(detail_url(nomination))

    assert listing.status_code == 302
    assert listing["Location"] == reverse("wagtailadmin_home")
    assert detail.status_code == 404
    assert NOMINEE_EMAIL.encode() not in listing.content + detail.content


# The nomination detail ---------------------------------------------------------------------------


def test_nomination_detail_shows_answers_files_and_letters(staff_client, nomination):
    record = add_file(nomination)
    letter = add_letter(
        nomination,
        status=LetterRequest.Status.RECEIVED,
        received_at=timezone.now(),
        letter_text="A wonderful colleague.",
        letter_file_key=private_storage().save("letters/l.pdf", ContentFile(b"%PDF letter")),
        letter_file_name="support.pdf",
    )
    NominationRevision.objects.create(nomination=nomination, data={})

    response = staff_client.get(detail_url(nomination))

    assert response.status_code == 200
    html = response.content.decode()
    assert NOMINEE_EMAIL in html
    assert nomination.nominator.email in html
    assert "Why this teacher?" in html
    assert "Jordan stays late every day." in html
    assert file_url(nomination, record) in html
    assert "A wonderful colleague." in html
    assert reverse("nomination:letter_file", args=(nomination.code, letter.code)) in html
    assert response.context["nomination"].revision_count == 1
    assert response.context["can_decide"] is True


def test_nomination_detail_says_which_letter_writers_asked_not_to_be_reminded(
    staff_client, nomination
):
    """A writer who followed "stop reminding me" gets no more reminders: staff see that beside
    the letter, so they know to write to that person themselves if the letter matters."""
    quiet = add_letter(nomination, writer_name="Quiet Writer")
    add_letter(nomination, writer_name="Other Writer")
    stop_letter_reminders(quiet, now=timezone.now())

    html = staff_client.get(detail_url(nomination)).content.decode()

    letters = html.split('class="laurel-answer laurel-letter"')[1:]
    said = {
        name: "asked not to be reminded" in next(part for part in letters if name in part)
        for name in ("Quiet Writer", "Other Writer")
    }
    assert said == {"Quiet Writer": True, "Other Writer": False}


def test_nomination_detail_unknown_code_is_404(staff_client, nomination):
    assert staff_client.get("/admin/nomination/notarealcode/").status_code == 404


def test_nomination_eligibility_decision_is_recorded(staff_client, staff_user, nomination):
    response = staff_client.post(
        detail_url(nomination), {"decision": "ineligible", "reason": "Moved out of district."}
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(nomination)
    nomination.refresh_from_db()
    assert nomination.eligibility == Nomination.Eligibility.INELIGIBLE
    assert nomination.eligibility_reason == "Moved out of district."
    event = AuditEvent.objects.get(action="nomination.eligibility")
    assert event.actor == staff_user
    assert event.object_code == nomination.code
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert messages == ["Eligibility recorded: Ineligible."]


def test_nomination_eligibility_ineligible_without_reason_is_refused(staff_client, nomination):
    response = staff_client.post(detail_url(nomination), {"decision": "ineligible", "reason": " "})

    assert response.status_code == 200
    assert response.context["eligibility_form"].errors == {
        "reason": ["Say why the nomination is ineligible."]
    }
    nomination.refresh_from_db()
    assert nomination.eligibility == Nomination.Eligibility.PENDING
    assert AuditEvent.objects.filter(action="nomination.eligibility").count() == 0


def test_nomination_eligibility_failing_by_a_bug_is_a_server_error_not_a_form_error(
    staff_client, nomination, monkeypatch
):
    def broken(*args, **kwargs):
        raise ValueError("a bug, not a refusal")

    monkeypatch.setattr(nomination_views, "record_eligibility", broken)

    with pytest.raises(ValueError, match="a bug, not a refusal"):
        staff_client.post(detail_url(nomination), {"decision": "eligible", "reason": ""})


def test_nomination_eligibility_of_draft_is_refused(staff_client):
    draft = NominationFactory()

    response = staff_client.post(detail_url(draft), {"decision": "eligible", "reason": ""})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    draft.refresh_from_db()
    assert draft.eligibility == Nomination.Eligibility.PENDING


# Downloads ---------------------------------------------------------------------------------------


def test_file_download_by_staff_streams_file_and_is_audited(staff_client, staff_user, nomination):
    record = add_file(nomination, data=b"%PDF-1.4 the essay")

    response = staff_client.get(file_url(nomination, record))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the essay"
    assert response["Content-Disposition"] == 'attachment; filename="essay.pdf"'
    assert response["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    event = AuditEvent.objects.get(action="nomination.file_downloaded")
    assert event.actor == staff_user
    assert event.object_code == nomination.code
    assert event.data == {"file": record.code}


def test_file_download_with_wrong_file_code_is_404(staff_client, nomination):
    add_file(nomination)

    response = staff_client.get(reverse("nomination:file", args=(nomination.code, "nosuchfile")))

    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="nomination.file_downloaded").count() == 0


def test_file_download_of_another_nominations_file_is_404(staff_client, nomination):
    other_file = add_file(submitted(), name="other.pdf")

    response = staff_client.get(file_url(nomination, other_file))

    assert response.status_code == 404


def test_file_download_missing_from_storage_is_404(staff_client, nomination):
    record = add_file(nomination)
    private_storage().delete(record.storage_key)

    assert staff_client.get(file_url(nomination, record)).status_code == 404


def test_letter_download_by_staff_is_audited(staff_client, nomination):
    letter = add_letter(
        nomination,
        status=LetterRequest.Status.RECEIVED,
        letter_file_key=private_storage().save("letters/l.pdf", ContentFile(b"%PDF letter")),
        letter_file_name="support.pdf",
    )

    response = staff_client.get(
        reverse("nomination:letter_file", args=(nomination.code, letter.code))
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF letter"
    event = AuditEvent.objects.get(action="nomination.letter_downloaded")
    assert event.data == {"letter": letter.code}


def test_letter_download_without_file_is_404(staff_client, nomination):
    letter = add_letter(nomination, status=LetterRequest.Status.RECEIVED, letter_text="Text only")

    response = staff_client.get(
        reverse("nomination:letter_file", args=(nomination.code, letter.code))
    )

    assert response.status_code == 404


# Cycles and their nomination forms ---------------------------------------------------------------


def question_data(index, **fields):
    data = {
        "key": f"q{index}",
        "section": "About the nominee",
        "kind": "long_text",
        "label": f"Question {index}",
        "help_text": "",
        "required": "on",
        "word_limit": "",
        "choices": "",
        "max_file_size_mb": "10",
        "max_files": "1",
        "min_letters": "0",
        "max_letters": "3",
        "show_if_key": "",
        "show_if_value": "",
        "ORDER": str(index + 1),
        "DELETE": "",
        "id": "",
        **fields,
    }
    return {f"questions-{index}-{name}": value for name, value in data.items()}


def cycle_data(award, *questions, **fields):
    data = {
        "award": award.pk,
        "name": "2027-28",
        "status": "draft",
        "opens_at": "2027-09-01 08:00",
        "closes_at": "2027-11-01 08:00",
        "letters_due_at": "",
        "grace_period": "",
        "remind_letter_writers": "on",
        "letter_reminder_days": "7",
        "remind_nominators": "on",
        "nominator_reminder_days": "7",
        "remind_reviewers": "on",
        "reviewer_reminder_days": "3",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for question in questions:
        data.update(question)
    return data


def test_cycle_create_saves_questions_with_lists(staff_client):
    award = AwardFactory()
    data = cycle_data(
        award,
        question_data(0, kind="single_choice", choices="Teacher\r\n  Coach \r\n\r\nTeacher"),
        question_data(1, kind="file", allowed_file_types=["png", "pdf"]),
        question_data(2, show_if_key="q0", show_if_value="Coach"),
    )

    response = staff_client.post(reverse("cycle:add"), data)

    assert response.status_code == 302
    cycle = Cycle.objects.get(award=award, name="2027-28")
    questions = list(cycle.questions.order_by("sort_order"))
    assert [q.key for q in questions] == ["q0", "q1", "q2"]
    assert questions[0].choices == ["Teacher", "Coach"]
    assert questions[1].allowed_file_types == ["pdf", "png"]
    assert questions[2].show_if_key == "q0"


def test_cycle_edit_form_shows_choices_one_per_line_and_file_type_boxes(staff_client):
    cycle = CycleFactory()
    QuestionFactory(
        cycle=cycle,
        key="role",
        kind="single_choice",
        label="Role",
        choices=["Teacher", "Coach"],
        allowed_file_types=["jpeg"],
    )

    response = staff_client.get(reverse("cycle:edit", args=(cycle.pk,)))

    assert response.status_code == 200
    form = response.context["form"].formsets["questions"].forms[0]
    assert form["choices"].value() == "Teacher\nCoach"
    assert form["allowed_file_types"].value() == ["jpeg"]
    html = response.content.decode()
    assert 'id="id_questions-0-choices">\nTeacher\nCoach</textarea>' in html
    assert 'value="jpeg"' in html


def test_cycle_create_refuses_choice_question_without_options(staff_client):
    award = AwardFactory()

    response = staff_client.post(
        reverse("cycle:add"), cycle_data(award, question_data(0, kind="multiple_choice"))
    )

    assert response.status_code == 200
    form = response.context["form"].formsets["questions"].forms[0]
    assert form.errors == {"choices": ["A choice question needs at least one option."]}
    assert Cycle.objects.filter(award=award).exists() is False


def test_cycle_create_refuses_duplicate_question_keys(staff_client):
    award = AwardFactory()

    response = staff_client.post(
        reverse("cycle:add"),
        cycle_data(award, question_data(0, key="essay"), question_data(1, key="essay")),
    )

    assert response.status_code == 200
    assert Cycle.objects.filter(award=award).exists() is False


def test_cycle_create_refuses_condition_on_unknown_question(staff_client):
    award = AwardFactory()

    response = staff_client.post(
        reverse("cycle:add"),
        cycle_data(award, question_data(0, show_if_key="nowhere", show_if_value="yes")),
    )

    assert response.status_code == 200
    form = response.context["form"].formsets["questions"].forms[0]
    assert form.errors == {"show_if_key": ["Name the key of another question in this form."]}
    assert Cycle.objects.filter(award=award).exists() is False


def test_cycle_edit_saves_reminder_settings(staff_client):
    cycle = CycleFactory()
    data = cycle_data(
        cycle.award,
        name=cycle.name,
        status=cycle.status,
        remind_letter_writers="",
        letter_reminder_days="10",
        nominator_reminder_days="5",
        reviewer_reminder_days="2",
    )

    response = staff_client.post(reverse("cycle:edit", args=(cycle.pk,)), data)

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.remind_letter_writers, cycle.remind_nominators, cycle.remind_reviewers) == (
        False,
        True,
        True,
    )
    assert (
        cycle.letter_reminder_days,
        cycle.nominator_reminder_days,
        cycle.reviewer_reminder_days,
    ) == (10, 5, 2)


def test_cycle_refuses_reminder_days_of_zero(staff_client):
    cycle = CycleFactory()
    data = cycle_data(cycle.award, name=cycle.name, letter_reminder_days="0")

    response = staff_client.post(reverse("cycle:edit", args=(cycle.pk,)), data)

    assert response.status_code == 200
    assert "letter_reminder_days" in response.context["form"].errors
    cycle.refresh_from_db()
    assert cycle.letter_reminder_days == 7


@pytest.mark.parametrize("role", ["nominator", "reviewer"])
def test_cycle_reminder_settings_cannot_be_changed_outside_staff(client, role):
    cycle = CycleFactory()
    client.force_login(UserFactory(reviewer=role == "reviewer", verified=True))

    response = client.post(
        reverse("cycle:edit", args=(cycle.pk,)),
        cycle_data(cycle.award, name=cycle.name, remind_nominators="", nominator_reminder_days="1"),
    )

    assert response.status_code == 302  # to sign in as someone with admin access
    cycle.refresh_from_db()
    assert (cycle.remind_nominators, cycle.nominator_reminder_days) == (True, 7)


# Awards ------------------------------------------------------------------------------------------


def award_data(**fields):
    return {
        "name": "Rookie Teacher",
        "slug": "rookie-teacher",
        "category": "teacher",
        "description": "",
        "min_years_at_school": "0",
        "min_years_in_district": "2",
        "exclude_past_winners": "on",
        "nominee_notice": "surprise",
        **fields,
    }


def test_award_create_saves_school_levels_as_list(staff_client):
    response = staff_client.post(
        reverse("award:add"),
        award_data(eligible_school_levels=["high", "elementary"], title_i_only="on"),
    )

    assert response.status_code == 302
    award = Award.objects.get(slug="rookie-teacher")
    assert award.eligible_school_levels == ["elementary", "high"]
    assert award.title_i_only is True
    assert award.min_years_in_district == 2


def test_award_create_refuses_handoff_on_surprise_award(staff_client):
    response = staff_client.post(reverse("award:add"), award_data(nominee_handoff="on"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "nominee_handoff": ["A surprise award cannot invite the nominee."]
    }


def test_award_edit_form_ticks_saved_school_levels(staff_client):
    award = AwardFactory(eligible_school_levels=["middle"])

    response = staff_client.get(reverse("award:edit", args=(award.pk,)))

    assert response.context["form"]["eligible_school_levels"].value() == ["middle"]
    html = response.content.decode()
    assert (
        'value="middle" aria-describedby="panel-child-eligibility-child-eligible_school_levels'
        in html
    )
    assert 'id="id_eligible_school_levels_2" checked>' in html


# Deadline extensions -----------------------------------------------------------------------------


def extension_data(cycle, email, closes_at=None):
    closes_at = closes_at or timezone.localtime(cycle.closes_at + timedelta(days=3))
    return {
        "cycle": cycle.pk,
        "nominator": email,
        "closes_at": closes_at.strftime("%Y-%m-%d %H:%M"),
        "reason": "Family emergency",
    }


def test_extension_create_finds_nominator_by_email_and_records_granter(
    staff_client, staff_user, user
):
    cycle = CycleFactory()

    response = staff_client.post(
        reverse("deadlineextension:add"), extension_data(cycle, f"  {user.email.upper()} ")
    )

    assert response.status_code == 302
    extension = DeadlineExtension.objects.get()
    assert extension.nominator == user
    assert extension.granted_by == staff_user
    assert cycle.deadline_for(user) == extension.closes_at
    assert AuditEvent.objects.filter(action="cycle.deadline_extended").count() == 1


def test_extension_create_refuses_unknown_email(staff_client):
    cycle = CycleFactory()

    response = staff_client.post(
        reverse("deadlineextension:add"), extension_data(cycle, "nobody@example.org")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "nominator": ["No active account uses this e-mail address."]
    }


def test_extension_create_refuses_end_before_cycle_closes(staff_client, user):
    cycle = CycleFactory()

    response = staff_client.post(
        reverse("deadlineextension:add"),
        extension_data(cycle, user.email, closes_at=timezone.localtime(cycle.closes_at)),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "closes_at": ["An extension must end after the cycle closes."]
    }


def test_extension_create_refuses_second_extension_for_same_nominator(staff_client, user):
    cycle = CycleFactory()
    DeadlineExtension.objects.create(
        cycle=cycle, nominator=user, closes_at=cycle.closes_at + timedelta(days=1)
    )

    response = staff_client.post(
        reverse("deadlineextension:add"), extension_data(cycle, user.email)
    )

    assert response.status_code == 200
    assert DeadlineExtension.objects.count() == 1


def test_extension_edit_form_shows_nominator_email(staff_client, user):
    cycle = CycleFactory()
    extension = DeadlineExtension.objects.create(
        cycle=cycle, nominator=user, closes_at=cycle.closes_at + timedelta(days=1)
    )

    response = staff_client.get(reverse("deadlineextension:edit", args=(extension.pk,)))

    assert f'value="{user.email}"' in response.content.decode()


# The school roster import ------------------------------------------------------------------------


def upload(text: str, name="roster.csv"):
    return ContentFile(text.encode("utf-8"), name=name)


def test_schools_list_links_to_import(staff_client):
    response = staff_client.get(reverse("school:index"))

    assert reverse("school:import") in response.content.decode()


def test_school_import_page_lists_bad_rows_and_imports_nothing(staff_client):
    csv_text = "name,code,level\r\nLincoln High,LHS,high\r\n,X1,middle\r\nOak,OAK,college\r\n"

    response = staff_client.post(reverse("school:import"), {"roster": upload(csv_text)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "Missing name." in html
    assert "Unknown level “college”" in html
    assert [(p.line, p.message) for p in response.context["report"].problems] == [
        (3, "Missing name."),
        (4, "Unknown level “college”: use elementary, k8, middle or high."),
    ]
    assert School.objects.count() == 0


def test_school_import_page_imports_good_file(staff_client):
    SchoolFactory(code="LHS", name="Old name")
    csv_text = "\ufeffname,code,level,title_i\r\nLincoln High,LHS,HIGH,yes\r\nOak,OAK,k8,no\r\n"

    response = staff_client.post(reverse("school:import"), {"roster": upload(csv_text)})

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.updated, report.imported) == (1, 1, True)
    assert School.objects.get(code="LHS").name == "Lincoln High"
    assert School.objects.get(code="OAK").level == "k8"


def test_school_import_refused_to_nominator(client, user):
    client.force_login(user)

    response = client.post(reverse("school:import"), {"roster": upload("name,code,level\r\n")})

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert School.objects.count() == 0
