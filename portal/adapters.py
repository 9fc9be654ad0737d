from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from review.queries import reviews_now

from .accounts import needs_name
from .i18n import in_active_language
from .mail import sender_context


class AccountAdapter(DefaultAccountAdapter):
    """Sends each role where its work is after signing in, asks a new person's name once, and
    brands every account e-mail with the foundation's name and the site's real address."""

    def get_login_redirect_url(self, request):
        """Where a sign-in without a `next` lands: staff in the admin, reviewers on their
        reviews, everyone else on the home page."""
        user = request.user
        if user.is_staff or user.is_superuser:
            return reverse("wagtailadmin_home")
        if reviews_now(user):
            return reverse("review:dashboard")
        return in_active_language(
            super().get_login_redirect_url(request) or settings.LOGIN_REDIRECT_URL
        )

    def get_logout_redirect_url(self, request):
        """The home page in the language the person was reading."""
        return in_active_language(super().get_logout_redirect_url(request))

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if isinstance(response, HttpResponseRedirect) and needs_name(user):
            query = urlencode({"next": response["Location"]})
            response["Location"] = f"{reverse('account_name')}?{query}"
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {**sender_context(), **context})

    def format_email_subject(self, subject: str) -> str:
        subject = " ".join(str(subject).split())
        name = sender_context()["foundation_name"]
        return subject if name in subject else f"{name}: {subject}"
