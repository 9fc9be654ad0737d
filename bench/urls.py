"""The portal's URLs plus a bare Django form: the reference the intake benchmark compares with."""

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


urlpatterns = [path("bench/bare-form/", bare_form), *portal_urlpatterns]
