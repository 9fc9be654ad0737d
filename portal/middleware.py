from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .storage import DOWNLOAD_CSP

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
