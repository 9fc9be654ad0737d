"""The candidates admin (Wagtail): dossiers listed and inspected, merged and split by staff, and
each nomination's candidate on the nomination screens."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.domain.nominations import submit_nomination
from awards.models import Dossier, Nomination
from portal.models import AuditEvent
from review.models import Assignment, ReviewerEnrolment
from tests.awards.conftest import COMPLETE_ANSWERS
from tests.awards.factories import NominationFactory
from tests.factories import AwardFactory, CycleFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

NOMINEE_EMAIL = "jordan.private@students.example"
LOGIN_URL = "/accounts/login/"


def candidate(cycle, *nominees, **dossier_fields) -> Dossier:
    """A dossier of `cycle` holding one submitted nomination per nominee (first name, last name,
    school), submitted in that order."""
    dossier = Dossier.objects.create(cycle=cycle, **dossier_fields)
    for first_name, last_name, school in nominees:
        NominationFactory(
            cycle=cycle,
            dossier=dossier,
            status=Nomination.Status.SUBMITTED,
            submitted_at=timezone.now(),
            nominee_first_name=first_name,
            nominee_last_name=last_name,
            school=school,
        )
    return dossier


def codes_of(dossier) -> set[str]:
    return set(dossier.nominations.values_list("code", flat=True))


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def index_url():
    return reverse("dossier:index")


def dossier_url(dossier):
    return reverse("dossier:inspect", args=(dossier.code,))


def nomination_url(nomination):
    return reverse("nomination:inspect", args=(nomination.code,))


def split_url(nomination):
    return reverse("nomination:split", args=(nomination.code,))


def listed_codes(response) -> set[str]:
    return {item.code for item in response.context["object_list"]}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def lakeside(db):
    return SchoolFactory(name="Lakeside High")


@pytest.fixture
def twice_nominated(cycle, lakeside):
    """Jordan Lee of Lakeside High, nominated twice, in one dossier."""
    return candidate(cycle, ("Jordan", "Lee", lakeside), ("Jordan", "Lee", lakeside))


@pytest.fixture
def jordan_again(cycle):
    """The same Jordan Lee, nominated under a nickname from another school: a dossier of its own
    that staff should merge."""
    return candidate(cycle, ("Jordy", "Lee", SchoolFactory(name="Hillcrest Middle")))


# Automatic grouping, as the list shows it --------------------------------------------------------


def test_candidates_list_groups_two_submissions_of_the_same_nominee(
    staff_client, cycle, draft, user, school
):
    second = NominationFactory(
        cycle=cycle, school=school, answers=dict(COMPLETE_ANSWERS), nominee_last_name="HAMILTON"
    )
    submit_nomination(draft, user, draft.submission_key)
    submit_nomination(second, second.nominator, second.submission_key)

    response = staff_client.get(index_url())

    assert response.status_code == 200
    [dossier] = response.context["object_list"]
    assert dossier.nomination_count == 2
    assert codes_of(dossier) == {draft.code, second.code}
    assert response.context["paginator"].items_count_label == "1 candidate"
    html = response.content.decode()
    assert "Margaret Hamilton, Lakeside High" in html
    assert dossier_url(dossier) in html
    assert nomination_url(draft) in html
    assert nomination_url(second) in html


def test_candidates_list_labels_by_first_submitted_nomination(staff_client, cycle, lakeside):
    dossier = candidate(cycle, ("Jordan", "Lee", lakeside), ("J.", "Lee", SchoolFactory()))

    response = staff_client.get(index_url())

    [listed] = response.context["object_list"]
    assert listed.pk == dossier.pk
    assert listed.candidate_name == "Jordan Lee"
    assert listed.candidate_school == "Lakeside High"
    assert [n.code for n in listed.listed_nominations] == list(
        dossier.nominations.order_by("submitted_at").values_list("code", flat=True)
    )


def test_candidates_list_filter_by_cycle_award_and_grouped_by_staff(staff_client, lakeside):
    award = AwardFactory()
    this_cycle, last_cycle = CycleFactory(award=award), CycleFactory(award=award)
    wanted = candidate(this_cycle, ("Jordan", "Lee", lakeside))
    merged = candidate(this_cycle, ("Sam", "Park", lakeside), merged_by_staff=True)
    earlier = candidate(last_cycle, ("Jordan", "Lee", lakeside))
    elsewhere = candidate(CycleFactory(), ("Ana", "Ruiz", lakeside))

    by_cycle = staff_client.get(index_url(), {"cycle": this_cycle.pk})
    by_award = staff_client.get(index_url(), {"award": award.pk})
    by_staff = staff_client.get(index_url(), {"merged_by_staff": "true"})

    assert listed_codes(by_cycle) == {wanted.code, merged.code}
    assert listed_codes(by_award) == {wanted.code, merged.code, earlier.code}
    assert listed_codes(by_staff) == {merged.code}
    assert elsewhere.code not in listed_codes(by_award)


@pytest.mark.parametrize("query", ["jordan lee", "LAKESIDE"])
def test_candidates_list_search_finds_by_nominee_and_school(
    staff_client, cycle, twice_nominated, query
):
    candidate(cycle, ("Sam", "Park", SchoolFactory(name="Hillcrest Middle")))

    response = staff_client.get(index_url(), {"q": query})

    assert listed_codes(response) == {twice_nominated.code}


def test_candidates_list_search_finds_by_nomination_code(staff_client, cycle, twice_nominated):
    candidate(cycle, ("Sam", "Park", SchoolFactory()))
    code = twice_nominated.nominations.first().code

    response = staff_client.get(index_url(), {"q": code})

    assert listed_codes(response) == {twice_nominated.code}


def test_candidates_list_query_count_does_not_grow_with_candidates(staff_client, cycle):
    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(index_url())
        assert response.status_code == 200
        return len(queries)

    candidate(cycle, ("Jordan", "Lee", SchoolFactory()), ("Jordan", "Lee", SchoolFactory()))
    staff_client.get(index_url())  # warms process-wide caches (content types, site)
    with_one = list_queries()
    for number in range(29):
        school = SchoolFactory()
        candidate(CycleFactory(), (f"Nominee{number}", "Lee", school), ("Other", "Lee", school))

    with_thirty = list_queries()

    assert Dossier.objects.count() == 30
    assert with_thirty == with_one


def test_candidates_list_has_no_add_edit_or_delete_views(staff_client, twice_nominated):
    response = staff_client.get(index_url())

    assert b"/admin/dossier/new/" not in response.content
    assert staff_client.get("/admin/dossier/new/").status_code == 404
    assert staff_client.get(f"/admin/dossier/edit/{twice_nominated.pk}/").status_code == 404
    assert staff_client.get(f"/admin/dossier/delete/{twice_nominated.pk}/").status_code == 404


# The candidate detail and merging ----------------------------------------------------------------


def test_candidate_detail_lists_its_nominations_and_other_candidates(
    staff_client, twice_nominated, jordan_again
):
    candidate(CycleFactory(), ("Jordan", "Lee", SchoolFactory(name="Far Away High")))

    response = staff_client.get(dossier_url(twice_nominated))

    assert response.status_code == 200
    html = response.content.decode()
    for nomination in twice_nominated.nominations.all():
        assert nomination_url(nomination) in html
    others = response.context["merge_form"].fields["others"]
    jordy = jordan_again.nominations.get()
    assert [label for _, label in others.choices] == [
        f"Jordy Lee, Hillcrest Middle — 1 nomination: {jordy.code}"
    ]
    assert "Far Away High" not in html


def test_candidate_detail_query_count_does_not_grow_with_other_candidates(
    staff_client, twice_nominated, jordan_again, cycle
):
    def detail_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(dossier_url(twice_nominated))
        assert response.status_code == 200
        return len(queries)

    staff_client.get(dossier_url(twice_nominated))  # warms process-wide caches
    with_one = detail_queries()
    for number in range(19):
        school = SchoolFactory()
        candidate(cycle, (f"Nominee{number}", "Lee", school), ("Other", "Lee", school))

    with_twenty = detail_queries()

    assert Dossier.objects.filter(cycle=cycle).count() == 21
    assert with_twenty == with_one


def test_candidate_detail_unknown_code_is_404(staff_client, twice_nominated):
    assert staff_client.get("/admin/dossier/notarealcode/").status_code == 404


def test_candidate_merge_moves_nominations_and_is_audited(
    staff_client, staff_user, twice_nominated, jordan_again, cycle, lakeside
):
    third = candidate(cycle, ("Jordan", "Lee", lakeside))
    moved = codes_of(jordan_again) | codes_of(third)
    before = codes_of(twice_nominated)

    response = staff_client.post(
        dossier_url(twice_nominated), {"others": [jordan_again.code, third.code]}
    )

    assert response.status_code == 302
    assert response["Location"] == dossier_url(twice_nominated)
    assert messages_of(response) == ["Merged 2 candidates into this one."]
    twice_nominated.refresh_from_db()
    assert codes_of(twice_nominated) == before | moved
    assert twice_nominated.merged_by_staff is True
    assert Dossier.objects.filter(pk__in=[jordan_again.pk, third.pk]).exists() is False
    event = AuditEvent.objects.get(action="dossier.merged")
    assert event.actor == staff_user
    assert event.object_code == twice_nominated.code
    assert sorted(event.data["merged"]) == sorted([jordan_again.code, third.code])


def test_candidate_merge_across_cycles_is_refused(staff_client, twice_nominated, lakeside):
    other_cycle = candidate(CycleFactory(), ("Jordan", "Lee", lakeside))
    before = codes_of(twice_nominated)

    response = staff_client.post(dossier_url(twice_nominated), {"others": [other_cycle.code]})

    assert response.status_code == 200
    assert response.context["merge_form"].errors == {
        "others": [
            f"Only candidates of the same cycle can be merged: {other_cycle.code} is not "
            "another candidate of this cycle."
        ]
    }
    assert messages_of(response) == ["The candidates were not merged. Check the form below."]
    assert "Only candidates of the same cycle can be merged" in response.content.decode()
    assert codes_of(twice_nominated) == before
    assert Dossier.objects.filter(pk=other_cycle.pk).exists() is True
    assert AuditEvent.objects.filter(action="dossier.merged").count() == 0


def test_candidate_merge_without_a_choice_is_refused(staff_client, twice_nominated, jordan_again):
    response = staff_client.post(dossier_url(twice_nominated), {})

    assert response.status_code == 200
    assert response.context["merge_form"].errors == {
        "others": ["Tick at least one candidate to merge into this one."]
    }
    assert AuditEvent.objects.filter(action="dossier.merged").count() == 0


def test_candidate_merge_of_a_candidate_with_reviewers_is_refused(
    staff_client, twice_nominated, jordan_again, cycle
):
    enrolment = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(), status=ReviewerEnrolment.Status.ACTIVE
    )
    Assignment.objects.create(dossier=jordan_again, enrolment=enrolment)
    jordy = jordan_again.nominations.get()

    response = staff_client.post(dossier_url(twice_nominated), {"others": [jordan_again.code]})

    assert response.status_code == 200
    assert response.context["merge_form"].non_field_errors() == [
        "A candidate already assigned to reviewers cannot be merged into another."
    ]
    jordy.refresh_from_db()
    assert jordy.dossier_id == jordan_again.pk
    assert AuditEvent.objects.filter(action="dossier.merged").count() == 0


# The nomination screens --------------------------------------------------------------------------


def test_nomination_detail_shows_its_candidate_and_the_split_button(staff_client, twice_nominated):
    nomination = twice_nominated.nominations.first()

    response = staff_client.get(nomination_url(nomination))

    assert response.status_code == 200
    assert response.context["shared_with"] == 1
    html = response.content.decode()
    assert f'href="{dossier_url(twice_nominated)}"' in html
    assert "1 other nomination names the same person" in html
    assert f'action="{split_url(nomination)}"' in html
    assert "Move to its own candidate" in html


def test_nomination_detail_of_an_only_nomination_has_no_split_button(staff_client, jordan_again):
    nomination = jordan_again.nominations.get()

    response = staff_client.get(nomination_url(nomination))

    assert response.context["shared_with"] == 0
    html = response.content.decode()
    assert "None: this is the candidate's only nomination" in html
    assert split_url(nomination) not in html


def test_nomination_split_moves_it_to_its_own_candidate_and_is_audited(
    staff_client, staff_user, twice_nominated
):
    nomination, stays = twice_nominated.nominations.order_by("pk")

    response = staff_client.post(split_url(nomination))

    assert response.status_code == 302
    assert response["Location"] == nomination_url(nomination)
    nomination.refresh_from_db()
    assert nomination.dossier_id != twice_nominated.pk
    assert nomination.dossier.merged_by_staff is True
    assert codes_of(nomination.dossier) == {nomination.code}
    assert codes_of(twice_nominated) == {stays.code}
    [message] = messages_of(response)
    assert f"Nomination {nomination.code} is now a candidate of its own." in message
    assert dossier_url(nomination.dossier) in message
    event = AuditEvent.objects.get(action="dossier.split")
    assert event.actor == staff_user
    assert event.object_code == nomination.dossier.code
    assert event.data == {"nomination": nomination.code}


def test_nomination_split_of_an_only_nomination_is_refused(staff_client, jordan_again):
    nomination = jordan_again.nominations.get()

    response = staff_client.post(split_url(nomination))

    assert response.status_code == 302
    assert messages_of(response) == ["This nomination is already a candidate of its own."]
    nomination.refresh_from_db()
    assert nomination.dossier_id == jordan_again.pk
    assert Dossier.objects.count() == 1
    assert AuditEvent.objects.filter(action="dossier.split").count() == 0


def test_nomination_split_needs_post_with_csrf_token(staff_user, twice_nominated):
    nomination = twice_nominated.nominations.first()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff_user)

    by_get = strict.get(split_url(nomination))
    without_token = strict.post(split_url(nomination))

    assert by_get.status_code == 405
    assert without_token.status_code == 403
    nomination.refresh_from_db()
    assert nomination.dossier_id == twice_nominated.pk
    assert AuditEvent.objects.filter(action="dossier.split").count() == 0


# Every year's nominations of every status (the list opens on this year's submitted ones).
EVERY_NOMINATION = {"year": "", "status": ""}


def test_nominations_list_shows_candidate_nomination_counts(
    staff_client, twice_nominated, jordan_again
):
    draft = NominationFactory()

    response = staff_client.get(reverse("nomination:index"), EVERY_NOMINATION)

    sizes = {item.code: item.dossier_size for item in response.context["object_list"]}
    jordy = jordan_again.nominations.get()
    assert sizes == {
        **dict.fromkeys(codes_of(twice_nominated), 2),
        jordy.code: 1,
        draft.code: 0,
    }
    assert (
        f'<a href="{dossier_url(twice_nominated)}">2 nominations</a>' in response.content.decode()
    )


def test_nominations_list_query_count_does_not_grow_with_shared_candidates(staff_client, cycle):
    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(reverse("nomination:index"), EVERY_NOMINATION)
        assert response.status_code == 200
        return len(queries)

    candidate(cycle, ("Jordan", "Lee", SchoolFactory()))
    staff_client.get(reverse("nomination:index"), EVERY_NOMINATION)  # warms process-wide caches
    with_one = list_queries()
    for number in range(10):
        school = SchoolFactory()
        candidate(cycle, *[(f"Nominee{number}", "Lee", school)] * 3)

    with_thirty_one = list_queries()

    assert Nomination.objects.count() == 31
    assert with_thirty_one == with_one


# Cannot see or change ----------------------------------------------------------------------------


def test_candidates_admin_cannot_be_used_by_a_nominator(
    client, user, cycle, lakeside, jordan_again
):
    own = candidate(cycle, ("Jordan", "Lee", lakeside))
    own_nomination = own.nominations.get()
    Nomination.objects.filter(pk=own_nomination.pk).update(
        nominator=user, nominee_email=NOMINEE_EMAIL
    )
    Nomination.objects.filter(dossier=jordan_again).update(dossier=own)
    client.force_login(user)

    responses = [
        client.get(index_url()),
        client.get(dossier_url(own)),
        client.post(dossier_url(own), {"others": [jordan_again.code]}),
        client.post(split_url(own_nomination)),
    ]

    for response in responses:
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)
        assert b"Jordan Lee" not in response.content
        assert NOMINEE_EMAIL.encode() not in response.content
    assert own.nominations.count() == 2
    assert AuditEvent.objects.filter(action__startswith="dossier.").count() == 0


def test_candidates_admin_refuses_admin_user_without_award_permissions(
    client, twice_nominated, jordan_again
):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)
    nomination = twice_nominated.nominations.first()

    listing = client.get(index_url())
    detail = client.get(dossier_url(twice_nominated))
    merge = client.post(dossier_url(twice_nominated), {"others": [jordan_again.code]})
    split = client.post(split_url(nomination))

    assert listing.status_code == 302
    assert listing["Location"] == reverse("wagtailadmin_home")
    assert (detail.status_code, merge.status_code, split.status_code) == (404, 404, 404)
    assert b"Jordan Lee" not in listing.content + detail.content
    assert twice_nominated.nominations.count() == 2
    assert Dossier.objects.filter(pk=jordan_again.pk).exists() is True
    assert AuditEvent.objects.filter(action__startswith="dossier.").count() == 0
