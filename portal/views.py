from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .accounts import needs_name, set_display_name, set_preferred_language
from .forms import NameForm
from .i18n import address_in, is_language, remember_language


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def ratelimited(request, exception=None):
    """Too many requests: a page that says so, with status 429."""
    return render(request, "429.html", status=429)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ask_name(request):
    """Once, after a first sign-in by code: the person's name, then back where they were."""
    next_url = _safe_next(request)
    if not needs_name(request.user):
        return redirect(next_url)
    form = NameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        set_display_name(request.user, form.cleaned_data["name"])
        return redirect(next_url)
    return render(
        request,
        "account/name.html",
        {"form": form, "next": next_url},
        status=422 if form.errors else 200,
    )


@never_cache
@require_GET
def switch_language(request, code: str):
    """A visitor picks a language: it is remembered (a cookie, and the account once signed in)
    and they see the page they were on, in that language."""
    if not is_language(code):
        raise Http404
    target = address_in(_safe_next(request), code) or address_in("/", code)
    response = redirect(target)
    remember_language(response, code)
    if request.user.is_authenticated:
        set_preferred_language(request.user, code)
    return response
