"""The content security policies: the public site runs no inline script or style, while
Wagtail's admin, which needs both, gets a policy of its own on its pages."""

import pytest


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    return {words[0]: words[1:] for words in directives if words}


@pytest.mark.django_db
def test_the_public_site_forbids_inline_script_and_style(client, home_page):
    response = client.get(home_page.url)

    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]
    assert policy(response)["style-src"] == ["'self'"]


def test_every_admin_page_for_staff_has_the_admin_policy(client, staff_user):
    client.force_login(staff_user)

    for path in ("/admin/", "/admin/nomination/?status=submitted", "/admin/reports/reach/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "'unsafe-inline'" in policy(response)["script-src"], path
        assert policy(response)["frame-ancestors"] == ["'self'"], path
