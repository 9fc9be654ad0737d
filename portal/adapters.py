from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """Sends each role where its work is after signing in."""

    def get_login_redirect_url(self, request):
        user = request.user
        if user.is_staff or user.is_superuser:
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request) or settings.LOGIN_REDIRECT_URL
