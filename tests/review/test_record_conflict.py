"""Staff record a conflict by choosing the candidate from a list they can search by name, or by
the code the Nominations list shows."""

import re
from html import unescape

import pytest

from review.models import Conflict
from tests.awards.factories import candidate as make_submitted
from tests.factories import CycleFactory, UserFactory


def conflicts_url(cycle) -> str:
    return f"/admin/review/conflicts/{cycle.pk}/"


def options(html: str) -> dict[str, str]:
    """The record form's candidate list, as {value: label}."""
    select = re.search(r'<select name="candidate".*?</select>', html, re.S).group(0)
    return {
        value: unescape(label.strip())
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select)
    }


def nominations_list_code(client, nominee_last_name: str) -> str:
    """The code the Nominations list shows for the nominee (read from that list, not the model)."""
    html = client.get("/admin/nomination/", {"q": nominee_last_name}).content.decode()
    listing = html[html.index('<table class="listing">') :]
    body = listing[listing.index("</thead>") :]
    row = re.search(rf"{nominee_last_name}.*?</tr>", body, re.S).group(0)
    codes = re.findall(r"<td[^>]*>\s*([a-z2-9]{12})\s*</td>", row)
    assert len(codes) == 1, row
    return codes[0]


@pytest.fixture
def people(make_candidate, enrol, school):
    ada = make_candidate(nominee_first_name="Ada", nominee_last_name="Lovelace", school=school)
    grace = make_candidate(nominee_first_name="Grace", nominee_last_name="Hopper")
    enrolment = enrol(user=UserFactory(email="reviewer@district.example"))
    return ada, grace, enrolment


def test_record_form_lists_candidates_by_name_with_their_nomination_codes(
    client, staff_user, people
):
    ada, grace, _ = people
    client.force_login(staff_user)
    listed = options(client.get(conflicts_url(ada.cycle)).content.decode())
    labels = " | ".join(listed.values())
    assert "Ada Lovelace" in labels and "Grace Hopper" in labels
    assert ada.code in listed[ada.dossier.code]
    assert grace.code in listed[grace.dossier.code]


def test_record_form_search_by_name_narrows_the_list(client, staff_user, people):
    ada, grace, _ = people
    client.force_login(staff_user)
    html = client.get(conflicts_url(ada.cycle), {"candidate_q": "hopp"}).content.decode()
    assert list(options(html)) == [grace.dossier.code]


def test_record_form_search_by_nomination_code(client, staff_user, people):
    ada, _, _ = people
    client.force_login(staff_user)
    html = client.get(conflicts_url(ada.cycle), {"candidate_q": ada.code.upper()}).content.decode()
    assert list(options(html)) == [ada.dossier.code]


def test_record_form_lists_only_the_cycles_candidates(client, staff_user, people):
    ada, _, _ = people
    elsewhere = make_submitted(
        CycleFactory(), nominee_first_name="Other", nominee_last_name="Cycle"
    )
    client.force_login(staff_user)
    listed = options(client.get(conflicts_url(ada.cycle)).content.decode())
    assert elsewhere.dossier.code not in listed
    assert "Other Cycle" not in " ".join(listed.values())


def test_recording_a_conflict_by_choosing_from_the_list(client, staff_user, people):
    ada, grace, enrolment = people
    client.force_login(staff_user)
    listed = options(
        client.get(conflicts_url(ada.cycle), {"candidate_q": "Grace"}).content.decode()
    )
    (chosen,) = listed
    client.post(
        conflicts_url(ada.cycle),
        {"action": "record", "enrolment": enrolment.pk, "candidate": chosen, "reason": "Board"},
    )
    conflict = Conflict.objects.get()
    assert (conflict.dossier, conflict.enrolment, conflict.source) == (
        grace.dossier,
        enrolment,
        Conflict.Source.STAFF,
    )


def test_recording_a_conflict_accepts_the_nominations_list_code(client, staff_user, people):
    ada, _, enrolment = people
    client.force_login(staff_user)
    code = nominations_list_code(client, "Lovelace")
    client.post(
        conflicts_url(ada.cycle),
        {"action": "record", "enrolment": enrolment.pk, "candidate": code, "reason": "Neighbour"},
    )
    assert Conflict.objects.get().dossier == ada.dossier


def test_recording_a_conflict_refuses_another_cycles_candidate_and_keeps_the_form(
    client, staff_user, people
):
    ada, _, enrolment = people
    elsewhere = make_submitted(CycleFactory())
    client.force_login(staff_user)
    response = client.post(
        conflicts_url(ada.cycle),
        {"action": "record", "enrolment": enrolment.pk, "candidate": elsewhere.code, "reason": "X"},
    )
    assert response.status_code == 422
    assert "Choose the candidate from the list" in response.content.decode()
    assert 'value="X"' in response.content.decode()
    assert Conflict.objects.exists() is False


def test_recording_a_conflict_is_staff_only(client, people):
    ada, _, enrolment = people
    client.force_login(enrolment.reviewer)
    client.post(
        conflicts_url(ada.cycle),
        {"action": "record", "enrolment": enrolment.pk, "candidate": ada.code, "reason": "X"},
    )
    assert Conflict.objects.exists() is False
