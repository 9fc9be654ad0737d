"""The "Start next year's cycle" screen: this year's dates a year on and what will be copied,
then one button; only staff who may add cycles reach it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from awards.domain.cycles import NextCycleDates
from awards.models import Cycle
from awards.queries import cycles_in_status
from tests.awards.conftest import question_rows
from tests.factories import CycleFactory, UserFactory

LOGIN_URL = "/accounts/login/"


def next_year_url(cycle) -> str:
    return reverse("cycle:next_year", args=(cycle.pk,))


def form_data(dates: NextCycleDates) -> dict:
    local = {
        name: timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        for name in ("opens_at", "closes_at", "letters_due_at", "release_at", "review_closes_at")
        if (value := getattr(dates, name))
    }
    return {"name": dates.name, "results_expected_on": "2028-05-01", **local}


def test_staff_see_the_shifted_dates_and_what_is_copied_then_confirm(
    client, staff_user, last_year, dates
):
    client.force_login(staff_user)

    page = client.get(next_year_url(last_year))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="{dates.name}"' in html
    assert timezone.localtime(dates.opens_at).strftime("%Y-%m-%d %H:%M") in html
    assert "3 reviewers" in html
    assert "Teaching rubric" in html

    response = client.post(next_year_url(last_year), form_data(dates))

    new = last_year.next_cycles.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cycle:edit", args=(new.pk,))
    assert new.name == dates.name
    assert new.opens_at == dates.opens_at.replace(second=0, microsecond=0)
    assert question_rows(new) == question_rows(last_year)


def test_the_screen_refuses_a_second_next_cycle_unless_ticked(client, staff_user, last_year, dates):
    client.force_login(staff_user)
    client.post(next_year_url(last_year), form_data(dates))
    again = {**form_data(dates), "name": "2027-28 bis"}

    refused = client.post(next_year_url(last_year), again)
    assert refused.status_code == 200
    assert "already has a next cycle" in refused.content.decode()
    assert last_year.next_cycles.count() == 1

    client.post(next_year_url(last_year), {**again, "another": "on"})
    assert last_year.next_cycles.count() == 2


@pytest.mark.parametrize("who", ["nominator", "reviewer"])
def test_people_outside_the_admin_are_sent_to_sign_in(client, last_year, dates, who):
    client.force_login(UserFactory(reviewer=who == "reviewer", verified=True))

    page = client.get(next_year_url(last_year))
    posted = client.post(next_year_url(last_year), form_data(dates))

    assert page.status_code == posted.status_code == 302
    assert page["Location"].startswith(LOGIN_URL)
    assert not last_year.next_cycles.exists()


def test_staff_who_may_not_add_cycles_are_refused_as_elsewhere_in_the_admin(
    client, last_year, dates
):
    editor = UserFactory(is_staff=True, verified=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="awards", codename="view_nomination"),
        Permission.objects.get(content_type__app_label="awards", codename="change_cycle"),
    )
    client.force_login(editor)

    page = client.get(next_year_url(last_year))
    posted = client.post(next_year_url(last_year), form_data(dates))
    edit = client.get(reverse("cycle:edit", args=(last_year.pk,)))

    assert page.status_code == posted.status_code == 302
    assert page["Location"] == reverse("wagtailadmin_home")
    assert not last_year.next_cycles.exists()
    assert next_year_url(last_year) not in edit.content.decode()


def test_a_missing_cycle_is_404_for_staff(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("cycle:next_year", args=(999999,))).status_code == 404


def test_the_cycle_list_shows_the_status_the_dates_give(client, staff_user, db):
    client.force_login(staff_user)
    CycleFactory(name="Opens next month", opens_at=timezone.now() + timedelta(days=30))
    CycleFactory(name="Closed last week", opens_at=timezone.now() - timedelta(days=40))

    rows = {
        row.split("</td>")[0]: row
        for row in client.get(reverse("cycle:index")).content.decode().split("<tr")
    }

    [scheduled] = [row for row in rows.values() if "Opens next month" in row]
    [in_review] = [row for row in rows.values() if "Closed last week" in row]
    assert "Scheduled" in scheduled and "Open" not in scheduled.split("Opens next month")[1]
    assert "In review" in in_review


def test_staff_close_an_open_cycle_early_from_its_page(client, staff_user, cycle):
    client.force_login(staff_user)
    edit = client.get(reverse("cycle:edit", args=(cycle.pk,))).content.decode()
    url = reverse("cycle:close_early", args=(cycle.pk,))
    assert f'href="{url}"' in edit

    response = client.post(url, {"reason": "Funding ended"})

    cycle.refresh_from_db()
    assert response.status_code == 302
    assert cycle.effective_status() == Cycle.Status.REVIEW
    assert cycle.is_accepting_nominations() is False


def test_staff_extend_a_cycle_past_its_deadline(client, staff_user, cycle):
    client.force_login(staff_user)
    Cycle.objects.filter(pk=cycle.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    new_deadline = timezone.localtime(timezone.now() + timedelta(days=3)).replace(
        second=0, microsecond=0
    )
    url = reverse("cycle:extend", args=(cycle.pk,))

    too_early = client.post(url, {"closes_at": "2001-01-01 10:00"})
    response = client.post(url, {"closes_at": new_deadline.strftime("%Y-%m-%d %H:%M")})

    assert too_early.status_code == 200
    assert "must be later" in too_early.content.decode()
    cycle.refresh_from_db()
    assert response.status_code == 302
    assert cycle.closes_at == new_deadline
    assert cycle.effective_status() == Cycle.Status.OPEN


@pytest.mark.parametrize("name", ["cycle:close_early", "cycle:extend"])
def test_moving_a_deadline_is_for_staff_who_may_change_cycles(client, cycle, name):
    closes_at = cycle.closes_at
    client.force_login(UserFactory(reviewer=True, verified=True))
    assert client.post(reverse(name, args=(cycle.pk,)), {}).status_code == 302
    viewer = UserFactory(is_staff=True, verified=True)
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="awards", codename="view_nomination"),
    )
    client.force_login(viewer)
    response = client.post(reverse(name, args=(cycle.pk,)), {"closes_at": "2099-01-01 10:00"})
    assert response["Location"] == reverse("wagtailadmin_home")
    cycle.refresh_from_db()
    assert cycle.closes_at == closes_at


# The status filter reads the status as the list shows it: an "Open" cycle moves by its dates.


def cycles_at(now):
    """One cycle of each kind a date can make or a person can set, around `now`."""
    day = timedelta(days=1)
    return {
        "scheduled": CycleFactory(
            name="s", status="open", opens_at=now + day, closes_at=now + 9 * day
        ),
        "open": CycleFactory(name="o", status="open", opens_at=now - day, closes_at=now + day),
        "in grace": CycleFactory(
            name="g",
            status="open",
            opens_at=now - 9 * day,
            closes_at=now - timedelta(hours=1),
            grace_period=timedelta(hours=2),
        ),
        "past deadline": CycleFactory(
            name="p", status="open", opens_at=now - 9 * day, closes_at=now - day
        ),
        "set to review": CycleFactory(name="r", status="review"),
        "decided": CycleFactory(name="d", status="decided"),
        "closed": CycleFactory(name="c", status="closed"),
        "draft": CycleFactory(name="x", status="draft"),
    }


@pytest.mark.parametrize("status", [choice for choice, _label in Cycle.Status.choices])
def test_the_status_filter_finds_the_cycles_the_list_shows_in_that_status(db, status):
    now = timezone.now()
    cycles = cycles_at(now)

    found = set(cycles_in_status(Cycle.objects.all(), status, now).values_list("name", flat=True))

    shown = {cycle.name for cycle in cycles.values() if cycle.effective_status(now) == status}
    assert found == shown
    assert shown or status not in {"open", "review", "scheduled"}


def test_staff_filter_the_cycle_list_by_the_status_it_shows(client, staff_user):
    cycles = cycles_at(timezone.now())
    client.force_login(staff_user)

    page = client.get(reverse("cycle:index"), {"status": "review"}).content.decode()

    shown = {name for name, cycle in cycles.items() if f"/cycle/edit/{cycle.pk}/" in page}
    assert shown == {"past deadline", "set to review"}
