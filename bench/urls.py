"""The portal's URLs plus two bare Django views, the references the benchmarks compare with: a
form with an upload (intake) and a small page (public pages)."""

import tempfile
from pathlib import Path

from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import path

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


urlpatterns = [
    path("bench/bare-form/", bare_form),
    path("bench/bare-page/", bare_page),
    *portal_urlpatterns,
]
