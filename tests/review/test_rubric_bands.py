"""Staff edit a criterion's bands as rows (from, to, label, description); each row's problem is
shown on that row and what was typed is kept."""

import re
from decimal import Decimal
from html import unescape

import pytest

from review.models import Criterion, Rubric


@pytest.fixture
def rubric(cycle):
    rubric = Rubric.objects.create(cycle=cycle, name="Main")
    Criterion.objects.create(
        rubric=rubric,
        name="Impact",
        weight=Decimal("1"),
        scale_min=0,
        scale_max=10,
        bands=[{"from": 0, "to": 4, "label": "Emerging"}, {"from": 5, "to": 10, "label": "Strong"}],
    )
    return rubric


def edit_url(rubric) -> str:
    return f"/admin/rubric/edit/{rubric.pk}/"


def post_data(rubric, bands: list[tuple[str, str, str, str]], scale=("0", "10")) -> dict:
    (criterion,) = rubric.criteria.all()
    prefix = "criteria-0-"
    data = {
        "cycle": rubric.cycle_id,
        "name": rubric.name,
        "stage": rubric.stage,
        "tie_break": rubric.tie_break,
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "1",
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
        prefix + "id": str(criterion.pk),
        prefix + "ORDER": "1",
        prefix + "DELETE": "",
        prefix + "name": criterion.name,
        prefix + "description": "",
        prefix + "weight": "1.00",
        prefix + "scale_min": scale[0],
        prefix + "scale_max": scale[1],
        prefix + "scale_step": "1",
        prefix + "bands-count": str(len(bands)),
    }
    for index, (low, high, label, description) in enumerate(bands):
        data |= {
            f"{prefix}bands-{index}-from": low,
            f"{prefix}bands-{index}-to": high,
            f"{prefix}bands-{index}-label": label,
            f"{prefix}bands-{index}-description": description,
        }
    return data


def row_error(html: str, number: int) -> str:
    """The problem shown on band row `number` (1-based) of the first criterion, or ""."""
    found = re.search(rf'id="id_criteria-0-bands-{number - 1}-errors"[^>]*>(.*?)</p>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def typed(html: str, index: int, key: str) -> str:
    found = re.search(rf'name="criteria-0-bands-{index}-{key}" value="([^"]*)"', html)
    return unescape(found.group(1))


def test_edit_page_shows_bands_as_rows_not_json(client, staff_user, rubric):
    client.force_login(staff_user)
    html = client.get(edit_url(rubric)).content.decode()
    assert (typed(html, 0, "from"), typed(html, 0, "to"), typed(html, 0, "label")) == (
        "0",
        "4",
        "Emerging",
    )
    assert typed(html, 1, "label") == "Strong"
    assert typed(html, 2, "label") == ""  # a blank row to add one
    assert "&quot;from&quot;" not in html
    assert '"from":' not in html


def test_band_rows_are_saved_with_their_descriptions(client, staff_user, rubric):
    client.force_login(staff_user)
    response = client.post(
        edit_url(rubric),
        post_data(
            rubric,
            [
                ("0", "3", "Emerging", "Little evidence yet"),
                ("4", "7", "Secure", ""),
                ("", "", "", ""),
                ("8", "10", "Exemplary", "Beyond the classroom"),
            ],
        ),
    )
    assert response.status_code == 302
    (criterion,) = rubric.criteria.all()
    assert criterion.bands == [
        {"from": 0, "to": 3, "label": "Emerging", "description": "Little evidence yet"},
        {"from": 4, "to": 7, "label": "Secure", "description": ""},
        {"from": 8, "to": 10, "label": "Exemplary", "description": "Beyond the classroom"},
    ]
    assert criterion.band_for(5) == "Secure"


def test_overlapping_band_shows_a_message_on_its_row_and_keeps_what_was_typed(
    client, staff_user, rubric
):
    client.force_login(staff_user)
    response = client.post(
        edit_url(rubric),
        post_data(rubric, [("0", "5", "Emerging", "Early"), ("4", "10", "Strong", "Clear")]),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Overlaps the band “Emerging” (0 to 5)" in row_error(html, 2)
    assert "Overlaps the band “Strong” (4 to 10)" in row_error(html, 1)
    assert [typed(html, 1, key) for key in ("from", "to", "label", "description")] == [
        "4",
        "10",
        "Strong",
        "Clear",
    ]
    (criterion,) = rubric.criteria.all()
    assert criterion.bands[0]["to"] == 4  # nothing saved


@pytest.mark.parametrize(
    ("bands", "row", "message"),
    [
        ([("6", "2", "Backwards", ""), ("7", "10", "Top", "")], 1, "“From” (6) is more than “to”"),
        ([("0", "4", "", ""), ("5", "10", "Top", "")], 1, "Give the band a label."),
        ([("0", "3", "Low", ""), ("6", "10", "High", "")], 2, "Scores 4 to 5 are in no band"),
        ([("0", "4", "Low", ""), ("5", "8", "High", "")], 2, "Scores 9 to 10 are in no band"),
        ([("0", "4", "Low", ""), ("five", "10", "High", "")], 2, "as a whole number"),
        ([("0", "4", "Low", ""), ("5", "12", "High", "")], 2, "outside the scale (0 to 10)"),
    ],
)
def test_each_band_problem_is_shown_on_its_row(client, staff_user, rubric, bands, row, message):
    client.force_login(staff_user)
    html = client.post(edit_url(rubric), post_data(rubric, bands)).content.decode()
    assert message in row_error(html, row)
    other = 3 - row
    assert row_error(html, other) == ""
    assert typed(html, row - 1, "from") == bands[row - 1][0]
    (criterion,) = rubric.criteria.all()
    assert [band["label"] for band in criterion.bands] == ["Emerging", "Strong"]


def test_no_bands_at_all_is_allowed(client, staff_user, rubric):
    client.force_login(staff_user)
    response = client.post(edit_url(rubric), post_data(rubric, [("", "", "", "")]))
    assert response.status_code == 302
    (criterion,) = rubric.criteria.all()
    assert criterion.bands == []


def test_new_rubric_page_offers_blank_band_rows(client, staff_user, cycle):
    client.force_login(staff_user)
    html = client.get("/admin/rubric/new/").content.decode()
    assert 'name="criteria-0-bands-0-label"' in html or "bands-0-label" in html


def test_a_blank_row_between_bands_does_not_move_the_messages(client, staff_user, rubric):
    client.force_login(staff_user)
    html = client.post(
        edit_url(rubric),
        post_data(rubric, [("0", "4", "Low", ""), ("", "", "", ""), ("4", "10", "High", "")]),
    ).content.decode()
    assert typed(html, 1, "label") == "High"
    assert "Overlaps the band “Low” (0 to 4)" in row_error(html, 2)
    assert typed(html, 2, "label") == typed(html, 3, "label") == ""  # blank rows to add more
    assert 'name="criteria-0-bands-4-label"' not in html
