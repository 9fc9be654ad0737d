"""Rubric versions (review/domain/rubrics.py): a rubric is changed in place until its first
score locks it; a change after that is a new version, and the scored one stays as it was."""

from decimal import Decimal

import pytest
from wagtail.admin.panels import ObjectList

from portal.models import AuditEvent
from review.domain.rubrics import save_rubric_change
from review.models import Criterion, Rubric
from review.viewsets import RubricViewSet
from tests.review.factories import CriterionFactory, ReviewFactory, RubricFactory


def rubric_post(rubric, **changes) -> dict:
    criteria = list(rubric.criteria.all())
    data = {
        "cycle": rubric.cycle_id,
        "name": changes.get("name", rubric.name),
        "stage": rubric.stage,
        "tie_break": rubric.tie_break,
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, criterion in enumerate(criteria):
        prefix = f"criteria-{index}-"
        data |= {
            prefix + "id": str(criterion.pk),
            prefix + "ORDER": str(index + 1),
            prefix + "DELETE": "",
            prefix + "name": changes.get("criterion_name", criterion.name),
            prefix + "description": criterion.description,
            prefix + "weight": str(changes.get("weight", criterion.weight)),
            prefix + "scale_min": str(criterion.scale_min),
            prefix + "scale_max": str(criterion.scale_max),
            prefix + "scale_step": str(criterion.scale_step),
            prefix + "bands-count": "0",
        }
    return data


def edit(rubric, user, **changes) -> Rubric:
    """Save `changes` to `rubric` the way the admin's edit screen does, with its own form."""
    form_class = ObjectList(RubricViewSet.panels).bind_to_model(Rubric).get_form_class()
    # A fresh instance, as each request of the edit screen loads one.
    instance = Rubric.objects.get(pk=rubric.pk)
    form = form_class(rubric_post(instance, **changes), instance=instance, for_user=user)
    assert form.is_valid(), form.errors
    return save_rubric_change(form, user)


@pytest.fixture
def rubric(cycle):
    rubric = RubricFactory(cycle=cycle, name="Main")
    CriterionFactory(rubric=rubric, name="Impact", weight=Decimal("1"))
    return rubric


def test_unlocked_rubric_is_changed_in_place(rubric, staff_user):
    saved = edit(rubric, staff_user, name="Main, revised", weight="2.00")

    assert saved.pk == rubric.pk
    assert (saved.name, saved.version) == ("Main, revised", 1)
    assert [(c.name, c.weight) for c in saved.criteria.all()] == [("Impact", Decimal("2.00"))]
    assert Rubric.objects.count() == 1
    event = AuditEvent.objects.get(action="review.rubric_changed")
    assert event.actor == staff_user


def test_locked_rubric_change_is_a_new_version_and_the_scored_one_stays(rubric, staff_user):
    review = ReviewFactory(rubric=rubric, assignment__dossier__cycle=rubric.cycle)
    Rubric.objects.filter(pk=rubric.pk).update(locked=True)
    rubric.refresh_from_db()

    saved = edit(rubric, staff_user, name="Main, revised", criterion_name="Reach", weight="3.00")

    assert saved.pk != rubric.pk
    assert (saved.cycle, saved.name, saved.version, saved.locked) == (
        rubric.cycle,
        "Main, revised",
        2,
        False,
    )
    assert [(c.name, c.weight) for c in saved.criteria.all()] == [("Reach", Decimal("3.00"))]
    rubric.refresh_from_db()
    assert (rubric.name, rubric.version, rubric.locked) == ("Main", 1, True)
    assert [(c.name, c.weight) for c in rubric.criteria.all()] == [("Impact", Decimal("1.00"))]
    review.refresh_from_db()
    assert review.rubric == rubric
    assert Criterion.objects.count() == 2
    event = AuditEvent.objects.get(action="review.rubric_versioned")
    assert event.actor == staff_user


def test_new_version_follows_the_latest_even_when_an_older_one_is_edited(rubric, staff_user):
    Rubric.objects.filter(pk=rubric.pk).update(locked=True)
    rubric.refresh_from_db()
    second = edit(rubric, staff_user, weight="2.00")
    Rubric.objects.filter(pk=second.pk).update(locked=True)

    third = edit(rubric, staff_user, weight="4.00")

    assert (second.version, third.version) == (2, 3)
    assert sorted(Rubric.objects.values_list("version", flat=True)) == [1, 2, 3]


def test_admin_edit_of_a_locked_rubric_makes_a_new_version(client, staff_user, cycle):
    rubric = RubricFactory(cycle=cycle, name="Main")
    criterion = CriterionFactory(rubric=rubric, name="Impact")
    client.force_login(staff_user)
    url = f"/admin/rubric/edit/{rubric.pk}/"
    response = client.post(url, rubric_post(rubric, weight="2.00"))
    assert response.status_code == 302, response.content.decode()[:2000]
    criterion.refresh_from_db()
    assert criterion.weight == Decimal("2.00")  # not locked yet: edited in place
    Rubric.objects.filter(pk=rubric.pk).update(locked=True)
    response = client.post(url, rubric_post(rubric, weight="3.00"), follow=True)
    assert "saved as version 2" in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.weight == Decimal("2.00")  # the scored version is untouched
    latest = Rubric.objects.get(cycle=cycle, version=2)
    assert latest.locked is False
    assert [(c.name, c.weight) for c in latest.criteria.all()] == [("Impact", Decimal("3.00"))]
    assert AuditEvent.objects.filter(action="review.rubric_versioned").count() == 1
