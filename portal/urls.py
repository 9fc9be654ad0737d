from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import URLResolver, include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from cms import routing
from cms.sitemaps import PageSitemap

from . import views
from .limits import limit_password_tries

# Every sign-in goes through allauth (lockout, rate limits, second factor). Wagtail's own login
# views (the admin's and the one page privacy uses) sign in with a password alone, so they are
# not routed: their addresses, and the names Wagtail reverses, send to allauth's login with the
# query string (`next`) kept. A POST there authenticates nobody.
to_allauth_login = RedirectView.as_view(pattern_name="account_login", query_string=True)
# Wagtail's password reset (turned off: allauth's is the one) is not routed either.
UNROUTED_ADMIN_VIEWS = {"wagtailadmin_login"}
UNROUTED_ADMIN_PREFIXES = {"password_reset/"}


def routed_admin_patterns() -> list:
    """Wagtail's admin URLs without its login and password-reset views."""
    return [
        pattern
        for pattern in wagtailadmin_urls.urlpatterns
        if getattr(pattern, "name", None) not in UNROUTED_ADMIN_VIEWS
        and not (
            isinstance(pattern, URLResolver) and str(pattern.pattern) in UNROUTED_ADMIN_PREFIXES
        )
    ]


# Wagtail's password forms (a page's or a document collection's shared password) with their
# attempts limited; the rest of Wagtail's routes as they are.
PASSWORD_FORMS = {
    "wagtailcore_authenticate_with_password",
    "wagtaildocs_authenticate_with_password",
}

urlpatterns = [
    path("admin/login/", to_allauth_login, name="wagtailadmin_login"),
    path("_util/login/", to_allauth_login, name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        limit_password_tries(wagtail_views.authenticate_with_password, "page"),
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        limit_password_tries(wagtaildocs_serve.authenticate_with_password, "document"),
        name="wagtaildocs_authenticate_with_password",
    ),
    path("admin/", include(routed_admin_patterns())),
    path(
        "documents/",
        include([p for p in wagtaildocs_urls.urlpatterns if p.name not in PASSWORD_FORMS]),
    ),
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:code>/", views.switch_language, name="switch_language"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's own URLs but its page view, login and password forms (above).
urlpatterns += [
    pattern
    for pattern in wagtail_urls.urlpatterns
    if pattern.name not in {"wagtail_serve", "wagtailcore_login", *PASSWORD_FORMS}
]

# Everything families and reviewers read exists in each language: English at the root, the
# others under their code (/es/awards/...). Pages are served by a view that finds them in fewer
# queries than Wagtail's own.
urlpatterns += i18n_patterns(
    path("accounts/name/", views.ask_name, name="account_name"),
    path("accounts/", include("allauth.urls")),
    path("review/", include("review.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("awards.urls")),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=False,
)
