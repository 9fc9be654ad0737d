"""Demo content for the fictional Lakeside Schools Foundation: a home page, the four award
pages, the standard pages and the site settings. Used by the demo seed command and tests."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from awards.demo_translations import DEMO_TRANSLATIONS
from awards.models import Award

from .demo_translations import CONTACT_EMAIL, PAGE_TRANSLATIONS
from .models import (
    AwardIndexPage,
    AwardPage,
    FooterTranslation,
    FoundationSettings,
    HomePage,
    ResultsPage,
    StandardPage,
)

FOUNDATION_NAME = "Lakeside Schools Foundation"
FOOTER_TEXT = (
    "Lakeside Schools Foundation is an independent nonprofit supporting the students and staff "
    "of Lakeside Public Schools. This is a demonstration site."
)


def seed_site(awards: dict[str, Award]) -> None:
    """Build the demo public site; running it again changes nothing.

    Side effects, in one transaction: replaces Wagtail's default welcome page with a HomePage
    at the tree root and points the default Site at it (creating the Site when there is none),
    creates and publishes any missing page (looked up by slug under its parent), links each
    award page to the award with the same slug in `awards`, fills the blank fields of the
    default Site's FoundationSettings and adds its name and footer in each other language where
    missing, and creates the locales of the portal's languages and any missing translation of
    every page into them (published). Existing pages, translations and filled settings are left
    alone."""
    school_year = _school_year_start(timezone.localdate())
    with transaction.atomic():
        home = _ensure_home_page()
        site = _ensure_default_site(home)

        index = _ensure_child(
            home,
            AwardIndexPage,
            slug="awards",
            title="Awards",
            show_in_menus=True,
            intro=(
                "<p>Every year the foundation honors the people who make Lakeside Public "
                "Schools a great place to learn. Anyone in our community can nominate a "
                "principal, teacher, staff member or student.</p>"
            ),
        )
        award_pages = []
        for slug, content in _award_content(school_year).items():
            award = awards.get(slug)
            title = content.pop("title")
            award_page = _ensure_child(
                index,
                AwardPage,
                slug=slug,
                title=award.name if award else title,
                award=award,
                **content,
            )
            award_pages.append(award_page)

        results = _ensure_child(
            home,
            ResultsPage,
            slug="results",
            title="Results",
            show_in_menus=True,
            intro=(
                "<p>Winners are announced each spring, once every nominee has been told "
                "privately.</p>"
            ),
        )
        about = _ensure_child(home, StandardPage, slug="about", show_in_menus=True, **_about())
        contact = _ensure_child(
            home, StandardPage, slug="contact", show_in_menus=True, **_contact()
        )
        privacy = _ensure_child(home, StandardPage, slug="privacy", **_privacy())

        footer_pages = [about, privacy, contact]
        foundation = _fill_foundation_settings(site, footer_pages)

        # Parents before children: a translation goes under its parent's translation.
        for locale in _ensure_locales():
            for page in (home, index, *award_pages, results, about, contact, privacy):
                _ensure_translation(page, locale)
            _ensure_footer_translation(foundation, locale.language_code, footer_pages)


def _school_year_start(today: datetime.date) -> int:
    """The calendar year in which the current school year began (it starts in August)."""
    return today.year if today.month >= 8 else today.year - 1


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _ensure_home_page() -> HomePage:
    """The HomePage at the tree root, replacing Wagtail's default welcome page if needed."""
    root = Page.get_first_root_node()
    # The site's own home page; its translations stand beside it.
    home = HomePage.objects.child_of(root).filter(locale=Locale.get_default()).first()
    if home is not None:
        return home

    # Wagtail's migrations create a plain Page with slug "home" and a Site rooted at it.
    # Park those Sites on the tree root so deleting the page does not cascade to them.
    page_type = ContentType.objects.get_for_model(Page)
    parked_sites = []
    for welcome in Page.objects.child_of(root).filter(slug="home", content_type=page_type):
        for site in Site.objects.filter(root_page=welcome):
            site.root_page = root
            site.save()
            parked_sites.append(site)
        welcome.delete()

    home = HomePage(
        title="Home",
        slug="home",
        seo_title="Awards and scholarships for Lakeside schools",
        search_description=(
            "Nominate an outstanding principal, teacher, staff member or student in "
            "Lakeside Public Schools."
        ),
        hero_heading="Celebrating the people who make Lakeside schools shine",
        intro=(
            "The Lakeside Schools Foundation honors principals, teachers, school staff and "
            "students every year. Know someone who goes above and beyond? Tell us about them."
        ),
        body=[
            {
                "type": "heading",
                "value": {"text": "How the awards work", "level": "h2"},
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>Anyone in the Lakeside community can nominate: parents, students, "
                    "colleagues and neighbors. Nominations are read by a volunteer panel of "
                    "retired educators, parents and local business leaders. Reviewers never "
                    "score someone they know.</p>"
                ),
            },
            {
                "type": "quote",
                "value": {
                    "quote": (
                        "Being nominated by my students' families meant more to me than "
                        "the award itself."
                    ),
                    "attribution": "A past Title I Educator Award winner",
                },
            },
            {
                "type": "callout",
                "value": {
                    "heading": "Nominations are confidential",
                    "text": (
                        "<p>Nominees are not told who nominated them, and we never publish "
                        "anything about a nominee who does not win.</p>"
                    ),
                },
            },
        ],
    )
    root.add_child(instance=home)
    _publish(home)
    for site in parked_sites:
        site.root_page = home
        site.save()
    return home


def _ensure_default_site(home: HomePage) -> Site:
    """The default Site, rooted at `home`; created when the database has no Site at all."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if site is None:
        return Site.objects.create(
            hostname="localhost",
            port=80,
            site_name=FOUNDATION_NAME,
            root_page=home,
            is_default_site=True,
        )
    if site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return site


def _ensure_child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """The child of `parent` with `slug`; created and published when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    _publish(page)
    return page


def _ensure_locales() -> list[Locale]:
    """The locale of every language but the site's own (created when missing: a flushed
    database has none)."""
    return [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]


# Every text field of the demo's page types, translated.
TRANSLATED_FIELDS = (
    "title",
    "seo_title",
    "search_description",
    "hero_heading",
    "intro",
    "summary",
    "who_can_be_nominated",
    "eligibility",
    "cta_heading",
    "cta_text",
    "cta_label",
)
# StreamFields, whose every text (a heading, a paragraph, a question, a milestone) is translated.
TRANSLATED_STREAMS = ("body", "timeline", "faq")


def _texts(language: str) -> dict[str, str]:
    """English text to `language` (cms/demo_translations.py, the awards' names from
    awards/demo_translations/)."""
    return {**DEMO_TRANSLATIONS.get(language, {}), **PAGE_TRANSLATIONS.get(language, {})}


def _translated(value, texts: dict[str, str]):
    """A StreamField's stored data with every text found in `texts` translated (block types,
    ids, dates and heading levels are not texts: none is in `texts`)."""
    if isinstance(value, str):
        return texts.get(value, value)
    if isinstance(value, list):
        return [_translated(item, texts) for item in value]
    if isinstance(value, dict):
        return {key: _translated(item, texts) for key, item in value.items()}
    return value


def _ensure_translation(page: Page, locale: Locale) -> Page:
    """The translation of `page` into `locale`; when missing, a copy of the page with its
    texts translated, published. An existing translation is left alone."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    texts = _texts(locale.language_code)
    translation = page.copy_for_translation(locale)
    for field in TRANSLATED_FIELDS:
        value = getattr(translation, field, None)
        if value in texts:
            setattr(translation, field, texts[value])
    for field in TRANSLATED_STREAMS:
        stream = getattr(translation, field, None)
        if stream is not None:
            setattr(translation, field, _translated(list(stream.raw_data), texts))
    _publish(translation)
    return translation


def _footer_links(footer_pages: list[Page], texts: dict[str, str]) -> list[dict]:
    return [
        {"type": "link", "value": {"label": texts.get(page.title, page.title), "page": page.pk}}
        for page in footer_pages
    ]


def _fill_foundation_settings(site: Site, footer_pages: list[Page]) -> FoundationSettings:
    """Fill the blank fields of the site's settings only, so editors' changes survive a re-run."""
    foundation = FoundationSettings.for_site(site)
    changed = False
    if not foundation.foundation_name:
        foundation.foundation_name = FOUNDATION_NAME
        changed = True
    if not foundation.contact_email:
        foundation.contact_email = CONTACT_EMAIL
        changed = True
    if not foundation.footer_links:
        foundation.footer_links = _footer_links(footer_pages, {})
        changed = True
    if not foundation.footer_text:
        foundation.footer_text = FOOTER_TEXT
        changed = True
    if changed:
        foundation.save()
    return foundation


def _ensure_footer_translation(
    foundation: FoundationSettings, language: str, footer_pages: list[Page]
) -> None:
    """The foundation's name and footer in `language`, when staff have written none; the links
    name the English pages, which the footer shows in the visitor's language."""
    if foundation.footer_translations.filter(language=language).exists():
        return
    texts = _texts(language)
    FooterTranslation.objects.create(
        foundation=foundation,
        language=language,
        foundation_name=texts[FOUNDATION_NAME],
        footer_links=_footer_links(footer_pages, texts),
        footer_text=texts[FOOTER_TEXT],
    )


def _timeline(*items: tuple[str, datetime.date, str]) -> list[dict]:
    return [
        {
            "type": "item",
            "value": {"label": label, "date": date.isoformat(), "description": description},
        }
        for label, date, description in items
    ]


def _faq(*items: tuple[str, str]) -> list[dict]:
    return [
        {"type": "item", "value": {"question": question, "answer": answer}}
        for question, answer in items
    ]


def _paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def _award_content(year: int) -> dict[str, dict]:
    """Page content for each award slug; dates fall in the school year starting in `year`."""
    spring = year + 1
    celebration = datetime.date(spring, 4, 23)
    return {
        "principal-excellence": {
            "title": "Excellence in Leadership Award",
            "summary": (
                "Honors a Lakeside principal whose leadership lifts students, staff and "
                "families alike. The winner receives $2,500 and $2,500 for a school project."
            ),
            "who_can_be_nominated": (
                "<p>Any principal or assistant principal currently leading a Lakeside Public "
                "Schools campus, from elementary through high school.</p>"
            ),
            "eligibility": (
                "<p>Foundation board members and their families cannot be nominated.</p>"
            ),
            "timeline": _timeline(
                ("Finalist school visits", datetime.date(spring, 1, 20), ""),
                ("Awards celebration", celebration, "Winners are honored in person."),
            ),
            "faq": _faq(
                (
                    "Can I nominate my own child's principal?",
                    "<p>Yes. Parents and guardians write many of our strongest nominations.</p>",
                ),
                (
                    "Does the principal know they have been nominated?",
                    "<p>Yes. Once you send the nomination we e-mail the principal, who can "
                    "accept it and add a short statement in their own words. We never tell "
                    "them who nominated them.</p>",
                ),
                (
                    "Who writes the letters of support?",
                    "<p>On the form you invite one to three people to write a letter. They "
                    "get a private link by e-mail; you do not need to collect the letters.</p>",
                ),
                (
                    "How is the $2,500 school project chosen?",
                    "<p>The winner proposes a project with their school community, and the "
                    "foundation pays the costs directly.</p>",
                ),
            ),
            "body": [
                {"type": "heading", "value": {"text": "What the panel looks for", "level": "h2"}},
                _paragraph(
                    "<p>Leadership that shows: a school culture where staff want to stay, "
                    "students feel they belong and families feel welcome. Tell us specific "
                    "stories, in your own words.</p>"
                ),
            ],
            "cta_heading": "Nominate a principal",
            "cta_text": "It takes about 20 minutes. You can save and come back later.",
            "cta_label": "Nominate a principal",
        },
        "title-i-teacher-staff": {
            "title": "Title I Educator Award",
            "summary": (
                "For grade 6-12 teachers and school staff at Title I schools who go far beyond "
                "their job description. Up to three winners receive $2,000 each."
            ),
            "who_can_be_nominated": (
                "<p>Teachers and staff working with students in grades 6 to 12 at a Lakeside "
                "Title I school: classroom teachers, counselors, librarians, paraeducators, "
                "office staff, custodians, bus drivers and cafeteria staff.</p>"
            ),
            "eligibility": (
                "<p>Works at least half time with students. Not sure whether a school is "
                "Title I? Open the list of schools below.</p>"
            ),
            "timeline": _timeline(
                ("Finalists told", datetime.date(spring, 2, 6), ""),
                ("Awards celebration", celebration, "Winners are honored in person."),
            ),
            "faq": _faq(
                (
                    "Can I nominate someone who is not a teacher?",
                    "<p>Yes. This award is for everyone who works with students, and staff "
                    "nominees win often.</p>",
                ),
                (
                    "Can students nominate?",
                    "<p>Yes. Students aged 13 or older can nominate with a parent's or "
                    "guardian's knowledge; younger students can ask an adult to nominate.</p>",
                ),
                (
                    "Can I nominate more than one person?",
                    "<p>Yes, one nomination per person. Please do not nominate the same person "
                    "twice; tell us everything in one nomination.</p>",
                ),
            ),
            "body": [
                _paragraph(
                    "<p>Title I schools serve many families facing financial hardship. The "
                    "adults in these buildings often carry far more than their job "
                    "description. This award says thank you.</p>"
                ),
            ],
            "cta_heading": "Nominate an educator",
            "cta_text": "Tell us what they do for students, in your own words.",
            "cta_label": "Nominate an educator",
        },
        "k8-science-teacher": {
            "title": "K-8 Science Teaching Award",
            "summary": (
                "Celebrates a kindergarten to grade 8 teacher who makes science hands-on, "
                "curious and joyful. $1,000 for the teacher and $3,000 for classroom science."
            ),
            "who_can_be_nominated": (
                "<p>Teachers of kindergarten to grade 8 in Lakeside Public Schools who teach "
                "science, whether as a specialist or as part of a general classroom.</p>"
            ),
            "eligibility": (
                "<p>Teaches science to students in kindergarten to grade 8 for at least part "
                "of the week, and holds a current teaching certificate.</p>"
            ),
            "timeline": _timeline(
                (
                    "Classroom visits",
                    datetime.date(spring, 2, 24),
                    "Two reviewers visit each finalist's class.",
                ),
                ("Awards celebration", celebration, "Winners are honored in person."),
            ),
            "faq": _faq(
                (
                    "What does the $3,000 classroom grant cover?",
                    "<p>Equipment, materials, field trips or visiting scientists: whatever the "
                    "teacher needs to teach science well.</p>",
                ),
                (
                    "Can I include photos of classroom projects?",
                    "<p>Yes, you can upload up to five photos. Please do not include photos "
                    "in which students can be recognized.</p>",
                ),
                (
                    "Are general classroom teachers eligible?",
                    "<p>Yes. Many of our winners teach every subject and make science the "
                    "highlight of the week.</p>",
                ),
            ),
            "body": [
                {
                    "type": "callout",
                    "value": {
                        "heading": "New this year",
                        "text": (
                            "<p>The classroom grant has grown from $2,000 to $3,000 thanks to "
                            "the Lakeside Science Partners.</p>"
                        ),
                    },
                },
            ],
            "cta_heading": "Nominate a science teacher",
            "cta_text": "Parents, colleagues and students aged 13 or older can nominate.",
            "cta_label": "Nominate a teacher",
        },
        "student-leadership-scholarship": {
            "title": "Student Leadership Scholarship",
            "summary": (
                "Four $5,000 scholarships for graduating seniors who lead by example in their "
                "school and community, for college, career or technical training."
            ),
            "who_can_be_nominated": (
                "<p>Seniors graduating this school year from a Lakeside Public Schools high "
                "school. Students are nominated by an adult who knows their leadership: a "
                "teacher, counselor, coach, employer or community leader.</p>"
            ),
            "eligibility": (
                "<ul><li>Enrolled as a senior at a Lakeside high school and on track to "
                "graduate this school year.</li><li>Planning to enroll in college, an "
                "apprenticeship or a technical training program.</li><li>Students cannot "
                "nominate themselves, and family members cannot nominate.</li></ul>"
            ),
            "timeline": _timeline(
                ("Interviews", datetime.date(spring, 3, 28), "Held at Lakeside High School."),
                ("Awards celebration", celebration, "Scholars are honored in person."),
            ),
            "faq": _faq(
                (
                    "Is financial need considered?",
                    "<p>No. The scholarship rewards leadership. Grades and family income are "
                    "not part of the review.</p>",
                ),
                (
                    "How is a student's information protected?",
                    "<p>Most nominees are under 18. Their details are seen only by foundation "
                    "staff and the review panel. The student is not contacted by us, and their "
                    "name or photo is never published without a parent's or guardian's "
                    "written consent.</p>",
                ),
                (
                    "How is the scholarship paid?",
                    "<p>Directly to the college or training program, in two installments.</p>",
                ),
                (
                    "Can the scholarship be deferred?",
                    "<p>Yes, for up to one year, for example for a gap year of service.</p>",
                ),
            ),
            "body": [
                _paragraph(
                    "<p>Leadership is not only about titles. Tell us about the student who "
                    "organized the food drive, mentored younger students, or held a team "
                    "together through a hard season.</p>"
                ),
            ],
            "cta_heading": "Nominate a student",
            "cta_text": "You will need the student's school and a parent's or guardian's "
            "e-mail address.",
            "cta_label": "Nominate a student",
        },
    }


def _about() -> dict:
    return {
        "title": "About",
        "intro": (
            "<p>The Lakeside Schools Foundation is an independent nonprofit that supports the "
            "students and staff of Lakeside Public Schools.</p>"
        ),
        "body": [
            {"type": "heading", "value": {"text": "Our awards", "level": "h2"}},
            _paragraph(
                "<p>Since 2009 the foundation has given more than 200 awards and scholarships "
                "to principals, teachers, school staff and students. The awards are paid for by "
                "local families and businesses, and every dollar goes to the winners and their "
                "schools.</p>"
            ),
            {"type": "heading", "value": {"text": "How winners are chosen", "level": "h2"}},
            _paragraph(
                "<p>A panel of volunteer reviewers reads every nomination against a published "
                "rubric. Reviewers declare any connection to a nominee and never score someone "
                "they know. The foundation board confirms the panel's choices.</p>"
            ),
        ],
    }


def _contact() -> dict:
    return {
        "title": "Contact",
        "intro": "<p>We are happy to help with nominations, letters and eligibility.</p>",
        "body": [
            _paragraph(
                f'<p>E-mail <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> and we will '
                "reply within two school days.</p>"
            ),
            _paragraph(
                "<p>Lakeside Schools Foundation<br/>400 Harbor Street, Suite 2<br/>Lakeside</p>"
            ),
        ],
    }


def _privacy() -> dict:
    return {
        "title": "Privacy",
        "intro": (
            "<p>How we look after the information in nominations. Many student nominees are "
            "under 18, so we keep everything private by default.</p>"
        ),
        "body": [
            {"type": "heading", "value": {"text": "What we collect", "level": "h2"}},
            _paragraph(
                "<p>The nominator's name and e-mail address, the nominee's name, school and "
                "role, the nomination answers, letters of support and any uploaded files.</p>"
            ),
            {"type": "heading", "value": {"text": "Who can see it", "level": "h2"}},
            _paragraph(
                "<p>Only foundation staff and the reviewers assigned to a nomination. Reviewers "
                "must declare any conflict of interest before reading. We never sell or share "
                "nomination information.</p>"
            ),
            {
                "type": "callout",
                "value": {
                    "heading": "Student nominees",
                    "text": (
                        "<p>Most student nominees are minors. We publish a student's name or "
                        "photo only if they win and a parent or guardian agrees in writing. "
                        "Nothing about students who do not win is ever published.</p>"
                    ),
                },
            },
            {"type": "heading", "value": {"text": "How long we keep it", "level": "h2"}},
            _paragraph(
                "<p>Nominations that do not win are deleted two years after the award cycle "
                "closes. Winners' names and a short citation are kept as part of the "
                "foundation's history.</p>"
            ),
            {"type": "heading", "value": {"text": "Your choices", "level": "h2"}},
            _paragraph(
                f"<p>To see, correct or delete information about you or your child, e-mail "
                f'<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.</p>'
            ),
        ],
    }
