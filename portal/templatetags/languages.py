"""The language switcher and the `hreflang` alternates of a page."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime as to_local
from django.utils.translation import pgettext
from wagtail.models import Page

from cms import site_data
from portal.i18n import address_in, language_names

register = template.Library()


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    name: str  # in the language itself
    switch_url: str  # sets the choice, then shows this page in that language
    address: str  # this page's address in that language
    current: bool


def _choices(request, translated: dict[str, str]) -> list[LanguageChoice]:
    """One choice per language; `translated` holds the addresses of a CMS page's translations
    (which may have slugs of their own), by language."""
    # The page's address without its query: a query is one visitor's (a search, a `next`).
    path = request.path
    current = translation.get_language()
    choices = []
    for code, name in language_names():
        address = translated.get(code) or address_in(path, code)
        if address is None:
            return []  # a page that is the same in every language has no switcher
        query = urlencode({"next": address})
        choices.append(
            LanguageChoice(
                code=code,
                name=name,
                switch_url=f"{reverse('switch_language', args=[code])}?{query}",
                address=address,
                current=code == current,
            )
        )
    return choices


@register.simple_tag(takes_context=True)
def page_translations(context) -> dict[str, str]:
    """The addresses of this page's translations by language (of a CMS page; none elsewhere),
    read once for both the switcher and the alternates."""
    request, page = context.get("request"), context.get("page")
    if request is None or not isinstance(page, Page):
        return {}
    return site_data.translation_urls(page, request)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context, translated: dict[str, str]):
    """`translated`: `page_translations`."""
    request = context.get("request")
    if request is None:
        return {"choices": []}
    return {"choices": _choices(request, translated)}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context, translated: dict[str, str]):
    """`<link rel="alternate" hreflang>` for every language of this page (of a CMS page, every
    language it is translated into), and x-default. `translated`: `page_translations`."""
    request = context.get("request")
    if request is None:
        return {"alternates": []}
    choices = _choices(request, translated)
    if isinstance(context.get("page"), Page):
        # A CMS page has an alternate only in the languages it is translated into: its address
        # in another language shows the original, which is no alternate.
        choices = [choice for choice in choices if choice.code in translated]
    alternates = [(choice.code, request.build_absolute_uri(choice.address)) for choice in choices]
    default = next((url for code, url in alternates if code == settings.LANGUAGE_CODE), None)
    return {"alternates": alternates, "default": default}


# Dates are written the way each language writes them: the format strings are translated with
# the rest of the catalogue (a translator's note explains the letters), and month and day names
# come from the catalogues too.


def localtime(value):
    return to_local(value) if isinstance(value, datetime.datetime) else value


@register.filter
def long_datetime(value) -> str:
    """A moment in the foundation's time zone, in full: "Wednesday, June 30, 2027, 5:00 PM PDT"."""
    if not value:
        return ""
    # Translators: a date and time format (Django's date letters: l weekday, F month, j day,
    # Y year, g:i A 12-hour time, H:i 24-hour time, T time zone). Keep T at the end.
    return date_format(localtime(value), pgettext("date format", "l, F j, Y, g:i A T"))


@register.filter
def long_date(value) -> str:
    """A day in full: "Wednesday, June 30, 2027"."""
    if not value:
        return ""
    value = localtime(value)
    # Translators: a date format (Django's date letters: l weekday, F month, j day, Y year).
    return date_format(value, pgettext("date format", "l, F j, Y"))


@register.filter
def short_date(value) -> str:
    """A day, briefly: "June 30, 2027"."""
    if not value:
        return ""
    value = localtime(value)
    # Translators: a date format without the weekday (F month, j day, Y year).
    return date_format(value, pgettext("date format", "F j, Y"))
