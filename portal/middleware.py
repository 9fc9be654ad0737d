from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.views.decorators.csp import csp_override

from .i18n import without_language
from .permissions import must_use_mfa
from .storage import DOWNLOAD_CSP, max_upload_bytes

# Assets every page needs, whatever the state of the session.
ALWAYS_ALLOWED_PREFIXES = ("/static/", "/favicon.ico")
# A person without a second factor still needs the account pages: enrolling one, signing out.
MFA_SETUP_ALLOWED_PREFIXES = ("/accounts/",)
# A person who has a second factor but whose session has not passed it may only pass it or sign
# out: the other account pages (removing the authenticator, recovery codes, e-mail addresses)
# would hand the account to whoever has the password alone.
MFA_PENDING_ALLOWED_VIEWS = {"mfa_reauthenticate", "account_logout"}


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def passed_second_factor(request) -> bool:
    """True when this session, signed in as `request.user`, passed a second factor (a TOTP or
    recovery code at sign-in or since): allauth records every authentication step in the
    session, for the user it was made for."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _view_name(path_info: str) -> str | None:
    try:
        return resolve(path_info).url_name
    except Resolver404:
        return None


class RequireStaffMFAMiddleware:
    """With REQUIRE_STAFF_MFA on, a session of staff or a reviewer reaches nothing but the
    account pages until it has passed a second factor: people without one are sent to enrol
    one (TOTP), people with one to enter a code. Enrolling alone is not enough: what counts is
    that *this session* passed the second factor, however it was signed in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_STAFF_MFA
            and user is not None
            and user.is_authenticated
            # path_info, not path: behind a script prefix (/laurel/accounts/...) `path` would
            # never match and the enrolment page would redirect to itself.
            and not request.path_info.startswith(ALWAYS_ALLOWED_PREFIXES)
            # The session first: a session that passed costs no query.
            and not passed_second_factor(request)
            and must_use_mfa(user)
        ):
            query = urlencode({"next": request.get_full_path()})
            if has_totp(user):
                if _view_name(request.path_info) not in MFA_PENDING_ALLOWED_VIEWS:
                    return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
            elif not without_language(request.path_info).startswith(MFA_SETUP_ALLOWED_PREFIXES):
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)


class AdminContentSecurityPolicyMiddleware:
    """Gives Wagtail's admin, which needs inline script and style, its own looser policy.

    Listed after Django's ContentSecurityPolicyMiddleware, so it sees the response first, as
    Django's `csp_override` on a view would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            return csp_override(settings.ADMIN_CSP)(self.get_response)(request)
        return self.get_response(request)


TOO_LARGE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>This upload is too large</title></head>
<body>
<h1>This upload is too large</h1>
<p>Files of up to {max_mb} MB can be uploaded. Nothing from this page was saved: go back, choose
a smaller file (or save a smaller copy of it), and send the page again.</p>
</body>
</html>
"""


def max_request_body_bytes() -> int:
    """The largest request body the portal reads: the largest upload and the form around it."""
    return max_upload_bytes() + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestBodyLimitMiddleware:
    """Refuses with 413 a request whose Content-Length is over `max_request_body_bytes`, before
    any of the body is read. The proxy's client_max_body_size refuses such requests first; this
    holds where it is missing or set too high. A body without a Content-Length is never read by
    Django, so it needs no check here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads no body of an unreadable length either
        if declared > max_request_body_bytes():
            # A plain page from code: no template, context or database to fail in turn.
            response = HttpResponse(
                TOO_LARGE_PAGE.format(max_mb=settings.MAX_UPLOAD_FILE_MB), status=413
            )
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


class DownloadContentSecurityPolicyMiddleware:
    """Gives every download (an attachment: an uploaded file, a letter, a PDF, an export) the
    policy `private_file_response` sets, whichever view made it, in the admin or not.

    Listed after Django's ContentSecurityPolicyMiddleware, which leaves a policy already set alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Disposition", "").lower().startswith("attachment"):
            response["Content-Security-Policy"] = DOWNLOAD_CSP
        return response
