"""Staff find pages with the admin's search, on SQLite and on PostgreSQL alike, and a page saved
again is indexed again, not twice."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.search.models import IndexEntry


def admin_search(client, words: str) -> str:
    response = client.get("/admin/pages/search/", {"q": words})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_staff_find_a_page_by_a_word_of_its_new_title(
    client, staff_user, home_page, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        home_page.title = "Lakeside Foundation awards"
        home_page.save_revision().publish()

    assert "Lakeside Foundation awards" in admin_search(client, "foundation")


@pytest.mark.django_db
def test_a_page_saved_twice_has_one_index_entry_with_its_latest_title(
    client, staff_user, home_page, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    for title in ("Harbour awards", "Harbour educator awards"):
        with django_capture_on_commit_callbacks(execute=True):
            home_page.title = title
            home_page.save_revision().publish()

    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(home_page), object_id=str(home_page.pk)
    )
    assert entries.count() == 1
    assert "Harbour educator awards" in admin_search(client, "educator")
