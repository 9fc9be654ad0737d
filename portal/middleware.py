from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .storage import DOWNLOAD_CSP, max_upload_bytes

# Paths a person without a second factor still needs: enrolling one, signing out, assets.
MFA_SETUP_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/favicon.ico")


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireStaffMFAMiddleware:
    """With REQUIRE_STAFF_MFA on, staff and reviewers go to TOTP enrolment until they have one."""

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
            and not request.path_info.startswith(MFA_SETUP_ALLOWED_PREFIXES)
            and user.must_use_mfa
            and not has_totp(user)
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)


class AdminContentSecurityPolicyMiddleware:
    """Gives Wagtail's admin, which needs inline script and style, its own looser policy.

    Listed after Django's ContentSecurityPolicyMiddleware, so it sees the response first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/admin/"):
            response._csp_config = settings.ADMIN_CSP
        return response


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
