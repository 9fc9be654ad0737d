"""The portal's URLs plus the bare Django views the benchmarks compare with: a form with an
upload (intake) and a small page (public pages); and, to show where a rendered public page's
time goes, the page view's own work with a one-line template or with only the site's header and
footer."""

import tempfile
from pathlib import Path

from django import forms
from django.http import Http404, HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path
from wagtail import hooks

from cms.routing import find_route
from portal.urls import urlpatterns as portal_urlpatterns

BARE_UPLOAD_DIR = Path(tempfile.gettempdir()) / "laurel-bench-bare"
BARE_PAGE = engines["django"].from_string(
    "<!DOCTYPE html><html lang='en'><title>Bare form</title><body>"
    "<form method='post' enctype='multipart/form-data'>{% csrf_token %}{{ form.as_p }}"
    "<button>Send</button></form></body></html>"
)


class BareForm(forms.Form):
    name = forms.CharField(max_length=100)
    essay = forms.CharField()
    file = forms.FileField()


def bare_form(request):
    """A plain form with an upload: validate, write the file, answer. No checks, no database."""
    if request.method == "POST":
        form = BareForm(request.POST, request.FILES)
        if not form.is_valid():
            return HttpResponse("invalid", status=400)
        BARE_UPLOAD_DIR.mkdir(exist_ok=True)
        with (BARE_UPLOAD_DIR / "last.bin").open("wb") as out:
            for chunk in form.cleaned_data["file"].chunks():
                out.write(chunk)
        return HttpResponse("ok")
    return HttpResponse(BARE_PAGE.render({"form": BareForm()}, request))


BARE_PAGE_HTML = engines["django"].from_string(
    "<!DOCTYPE html><html lang='en'><title>{{ title }}</title><body><h1>{{ title }}</h1>"
    "<p>{{ text }}</p></body></html>"
)


def bare_page(request):
    """A plain page from a template: no database, no session, no page tree."""
    return HttpResponse(BARE_PAGE_HTML.render({"title": "Bare page", "text": "Hello."}))


PAGE_OUTLINE = engines["django"].from_string(
    "<!DOCTYPE html><html lang='en'><title>{{ page.title }}</title><body><h1>{{ page.title }}"
    "</h1></body></html>"
)
PAGE_IN_SITE_CHROME = engines["django"].from_string(
    "{% extends 'base.html' %}{% block content %}<h1>{{ page.title }}</h1>{% endblock %}"
)


def page_view_work(request, path, template):
    """The page at `path` found and checked as the page view does it (the site, the page, the
    hooks that check view restrictions), then rendered with `template` instead of its own."""
    route = find_route(request, path)
    if route is None:
        raise Http404
    for hook in hooks.get_hooks("before_serve_page"):
        if (answer := hook(route.page, request, [], {})) is not None:
            return answer
    for restriction in route.page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return TemplateResponse(request, template, {"page": route.page, "self": route.page})


def page_outline(request, path=""):
    return page_view_work(request, path, PAGE_OUTLINE)


def page_in_site_chrome(request, path=""):
    return page_view_work(request, path, PAGE_IN_SITE_CHROME)


urlpatterns = [
    path("bench/bare-form/", bare_form),
    path("bench/bare-page/", bare_page),
    path("bench/outline/", page_outline),
    path("bench/outline/<path:path>", page_outline),
    path("bench/chrome/", page_in_site_chrome),
    path("bench/chrome/<path:path>", page_in_site_chrome),
    *portal_urlpatterns,
]
