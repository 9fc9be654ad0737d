"""Page types of the public site and the foundation's site settings.

Pages hold editorial content only; anything about nominations, reviews or results is read
through the owning app's functions (see `AwardPage.get_nomination_url`, `AwardPage.past_winners`,
`ResultsPage.winners`), which are placeholders until that work lands."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from awards.queries import AwardCycles, award_cycles, award_eligibility, key_dates
from review.results import published_results, results_released

from . import site_data
from .blocks import (
    PARAGRAPH_FEATURES,
    SHORT_TEXT_FEATURES,
    BodyBlock,
    FAQBlock,
    FooterLinksBlock,
    TimelineBlock,
)
from .slugs import SitePageForm, check_top_level_slug

# A milestone that would restate (and could contradict) a date the cycle holds.
CYCLE_DATE_LABEL = re.compile(
    r"\b(nominations?|letters?|results?|winners?)\b.*\b(open|opens|close|closes|closing|due|"
    r"deadline|announced?)\b|\bdeadline\b",
    re.IGNORECASE,
)


def award_pages_for_listing(queryset: PageQuerySet) -> PageQuerySet:
    """Live, public award pages in tree order, ready for cards: the linked award comes in the
    same query and StreamFields are not loaded, so a listing costs the same for 1 or 100 pages."""
    return (
        site_data.public_pages(queryset.live())
        .select_related("award")
        .defer_streamfields()
        .order_by("path")
    )


@dataclass(frozen=True)
class AwardCard:
    title: str
    url: str
    summary: str
    category: str  # the nominee category's label, or ""


def award_cards(request, parent: Page, pages_of: Callable) -> tuple[AwardCard, ...]:
    """Cards for the live, public award pages `pages_of(parent)` finds (children or
    descendants), as the award listings show them. Read once per process until something on
    the site changes (`cms.site_data`): the home page lists them on every request."""

    def read():
        # The site's own pages, each in the visitor's language when translated: a page not yet
        # translated is still listed (in the original), as the routing serves it.
        pages = list(award_pages_for_listing(pages_of(site_data.in_site_language(parent))))
        languages = None
        if site_data.translating():
            # Only here: building the listing reads the view restrictions (a query when they
            # are not kept), and in the site's own language no translation is looked up.
            translations = award_pages_for_listing(AwardPage.objects.all())
            pages = site_data.in_visitor_language(pages, translations)
            languages = site_data.locale_languages()
        return tuple(
            AwardCard(
                page.title,
                site_data.visitor_url(page, request, site, languages),
                page.summary,
                page.nominee_category,
            )
            for page in pages
        )

    site = site_data.find_site(request)
    key = ("award-cards", site.pk if site else None, parent.pk, pages_of.__name__, get_language())
    return site_data.remembered_for_page(request, key, read)


class SitePage(Page):
    """What every page type of the site shares."""

    base_form_class = SitePageForm

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        # Saved outside the admin's form too (a move, a copy, a script): the same rule.
        if self.path:
            check_top_level_slug(self.slug, self.get_parent())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A page not yet translated into the visitor's language is shown in its original, with
        # a note in the visitor's language (templates/base.html).
        context["original_language"] = site_data.shown_in_other_language(self)
        return context

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if settings.WAGTAIL_I18N_ENABLED:
            # Search engines learn each translation's address (hreflang) from the sitemap.
            languages = site_data.locale_languages()
            alternates = [
                {"lang_code": languages[page.locale_id], "location": page.get_full_url(request)}
                for page in self.get_translations(inclusive=True).live().order_by("locale_id")
            ]
            if len(alternates) > 1:
                for url in urls:
                    url["alternates"] = alternates
        return urls

    def get_view_restrictions(self):
        """Wagtail's check, without a query when the kept site data shows that neither this
        page nor an ancestor is restricted."""
        if site_data.unrestricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(SitePage):
    hero_heading = models.CharField(max_length=200)
    intro = models.TextField(blank=True, help_text="One or two sentences under the heading.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_heading"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.AwardIndexPage", "cms.StandardPage", "cms.ResultsPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["award_pages"] = award_cards(request, self, AwardPage.objects.descendant_of)
        return context


class AwardIndexPage(SitePage):
    intro = RichTextField(blank=True, features=SHORT_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AwardPage"]

    class Meta:
        verbose_name = "award index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["award_pages"] = award_cards(request, self, AwardPage.objects.child_of)
        return context


class AwardPage(SitePage):
    summary = models.CharField(
        max_length=300, help_text="One or two sentences, shown on the award cards."
    )
    award = models.ForeignKey(
        "awards.Award",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pages",
        help_text="The award this page describes; nominations go to its open cycle.",
    )
    who_can_be_nominated = RichTextField(blank=True, features=PARAGRAPH_FEATURES)
    eligibility = RichTextField(blank=True, features=PARAGRAPH_FEATURES)
    timeline = StreamField(
        TimelineBlock(),
        blank=True,
        verbose_name="other milestones",
        help_text="When nominations open and close, when letters are due and when results are "
        "announced come from the award's cycle. Add any other milestone here, such as "
        "interviews or school visits.",
    )
    faq = StreamField(FAQBlock(), blank=True, verbose_name="FAQ")
    body = StreamField(BodyBlock(), blank=True)
    cta_heading = models.CharField("call-to-action heading", max_length=120, blank=True)
    cta_text = models.TextField("call-to-action text", blank=True)
    cta_label = models.CharField(
        "call-to-action button label",
        max_length=60,
        blank=True,
        help_text="Leave empty for “Nominate someone” in the visitor's language.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("award"),
        FieldPanel("summary"),
        FieldPanel("who_can_be_nominated"),
        FieldPanel("eligibility"),
        FieldPanel("timeline"),
        FieldPanel("faq"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("cta_heading"), FieldPanel("cta_text"), FieldPanel("cta_label")],
            heading="Call to action",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("who_can_be_nominated"),
        index.SearchField("eligibility"),
        index.SearchField("faq"),
        index.SearchField("body"),
        index.RelatedFields("award", [index.SearchField("name")]),
    ]

    parent_page_types = ["cms.AwardIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "award page"

    @property
    def nominee_category(self) -> str:
        return self.award.get_category_display() if self.award else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Kept per process until something on the site changes or a cycle opens or closes
        # (cms.site_data): every visitor to an award page asks the same.
        context["nomination_url"], context["nominee_category"] = site_data.remembered_for_page(
            request,
            ("award-call", self.pk, self.award_id),
            lambda: (self.get_nomination_url(), self.nominee_category),
        )
        context["past_winners"] = site_data.remembered_for_page(
            request, ("past-winners", self.award_id), lambda: tuple(self.past_winners())
        )
        context["eligibility"], context["key_dates"] = site_data.remembered_for_page(
            request, ("award-rules", self.award_id, get_language()), self.award_rules
        )
        context["milestones"] = self.milestones(context["key_dates"])
        return context

    @cached_property
    def award_cycles(self) -> AwardCycles:
        """The award's open cycle (the call to action) and current cycle (the rules and dates),
        read together once, when the page needs either."""
        return award_cycles(self.award_id)

    def award_rules(self):
        """Who qualifies and the key dates, from the award and its current cycle: the page
        says what the form enforces and when the cycle really opens and closes."""
        if self.award_id is None:
            return None, ()
        cycle = self.award_cycles.current
        award = cycle.award if cycle else self.award
        return award_eligibility(award), key_dates(cycle)

    def milestones(self, key_dates) -> list:
        """The cycle's key dates and the staff's other milestones, in date order."""
        items = [
            {"label": item.label, "when": item.when, "has_time": item.has_time, "day": item.day}
            for item in key_dates
        ]
        for block in self.timeline:
            value = block.value
            items.append(
                {
                    "label": value["label"],
                    "when": value["date"],
                    "has_time": False,
                    "day": value["date"],
                    "description": value.get("description", ""),
                }
            )
        return sorted(items, key=lambda item: item["day"])

    def clean(self):
        super().clean()
        contradicting = [
            block.value["label"]
            for block in self.timeline
            if CYCLE_DATE_LABEL.search(block.value["label"])
        ]
        if contradicting:
            raise ValidationError(
                {
                    "timeline": "Opening, closing and letters-due dates and the results date "
                    "come from the award's cycle and are shown automatically; add only other "
                    f"milestones here (remove: {', '.join(contradicting)})."
                }
            )

    def get_nomination_url(self) -> str | None:
        """Where the call-to-action button points; None while no cycle takes nominations."""
        if self.award_id is None:
            return None
        cycle = self.award_cycles.open
        if cycle is None:
            return None
        self.award = cycle.award  # it came with the cycle: the template's award costs no query
        if not cycle.is_accepting_nominations():
            return None
        return reverse("awards:start", kwargs={"award_slug": self.award.slug})

    def past_winners(self) -> list:
        """Published winners of this award's cycles, newest first."""
        if self.award_id is None:
            return []
        return published_results(award=self.award_id, outcomes=("winner",))


class StandardPage(SitePage):
    intro = RichTextField(blank=True, features=SHORT_TEXT_FEATURES)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "standard page"


class ResultsPage(SitePage):
    intro = RichTextField(blank=True, features=SHORT_TEXT_FEATURES)
    body = StreamField(BodyBlock(), blank=True)
    cycle = models.ForeignKey(
        "awards.Cycle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The cycle whose published winners this page lists. Publishing sets it.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("cycle"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "results page"

    def released(self) -> bool:
        """Whether the public may see the page: a general results page always; a cycle's page
        once its results are approved and their publishing time has come. Kept with the site
        data, which is read afresh at that time."""
        if self.cycle_id is None:
            return True
        return site_data.remembered(
            ("results-released", self.cycle_id), lambda: results_released(self.cycle_id)
        )

    def serve(self, request, *args, **kwargs):
        # Wagtail publishes the page on approval; until the set time it answers as if it were
        # not published.
        if not self.released():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.released() else []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["winners"] = site_data.remembered_for_page(
            request, ("winners", self.cycle_id), lambda: tuple(self.winners())
        )
        return context

    def winners(self) -> list:
        """Published winners, finalists and mentions of the page's cycle (or of every cycle),
        safe for the public."""
        if self.cycle_id is None:
            return published_results()  # a general results page lists every published cycle
        return published_results(cycle=self.cycle_id)  # the id filters; the row is not needed


@register_setting(icon="site")
class FoundationSettings(ClusterableModel, BaseSiteSetting):
    foundation_name = models.CharField(
        max_length=200, blank=True, help_text="Shown in the header, footer and page titles."
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown next to the foundation name; about 48 pixels high.",
    )
    contact_email = models.EmailField("contact e-mail", blank=True)
    footer_links = StreamField(FooterLinksBlock(), blank=True)
    footer_text = models.TextField(
        blank=True, max_length=500, help_text="A line or two, for example the charity number."
    )

    panels = [
        FieldPanel("foundation_name"),
        FieldPanel("logo"),
        FieldPanel("contact_email"),
        FieldPanel("footer_links"),
        FieldPanel("footer_text"),
        InlinePanel(
            "footer_translations",
            heading="In other languages",
            label="Language",
            help_text="The name and footer as families reading another language see them. "
            "Anything left empty shows the English above.",
        ),
    ]

    class Meta:
        verbose_name = "foundation settings"

    def in_language(self, language: str) -> "FooterTranslation":
        """The name and footer for readers of `language`: that language's own where staff wrote
        them, the English ones for whatever they left empty (or for a language without a row)."""
        own = (
            None
            if language == settings.LANGUAGE_CODE  # the fields above: no query
            else self.footer_translations.filter(language=language).first()
        )
        return FooterTranslation(
            language=language,
            foundation_name=(own and own.foundation_name) or self.foundation_name,
            footer_links=(own.footer_links if own and own.footer_links else self.footer_links),
            footer_text=(own and own.footer_text) or self.footer_text,
        )


def translated_languages() -> list[tuple[str, str]]:
    """The portal's languages other than the site's own (English), for choices."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class FooterTranslation(Orderable):
    """The foundation's name and footer in one of the families' languages."""

    foundation = ParentalKey(
        FoundationSettings, on_delete=models.CASCADE, related_name="footer_translations"
    )
    language = models.CharField(max_length=15, choices=translated_languages)
    foundation_name = models.CharField(
        max_length=200, blank=True, help_text="Leave empty to show the English name."
    )
    footer_links = StreamField(
        FooterLinksBlock(),
        blank=True,
        help_text="Leave empty to show the English links. A chosen page is shown in the "
        "visitor's language when it is translated.",
    )
    footer_text = models.TextField(
        blank=True, max_length=500, help_text="Leave empty to show the English text."
    )

    panels = [
        FieldPanel("language"),
        FieldPanel("foundation_name"),
        FieldPanel("footer_links"),
        FieldPanel("footer_text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "footer in another language"
        constraints = [
            models.UniqueConstraint(
                fields=["foundation", "language"], name="one_footer_per_language"
            )
        ]

    def __str__(self):
        return self.get_language_display()
