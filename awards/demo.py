"""Demo data for the intake side: a believable district roster, four awards, open cycles, and
their forms and awards in the families' languages (awards/demo_translations/)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from .demo_translations import DEMO_TRANSLATIONS
from .domain.translations import add_missing_translations
from .models import (
    Award,
    Cycle,
    Dossier,
    LetterRequest,
    Nomination,
    NominationTag,
    NomineeCategory,
    Question,
    School,
    SchoolLevel,
    StaffNote,
)

E, K8, M, H = SchoolLevel.ELEMENTARY, SchoolLevel.K8, SchoolLevel.MIDDLE, SchoolLevel.HIGH

# (name, code, level, Title I)
DEMO_SCHOOLS = [
    ("Alder Creek Elementary", "LPS-101", E, True),
    ("Bayview Elementary", "LPS-102", E, False),
    ("Cedar Heights Elementary", "LPS-103", E, True),
    ("Dunlap Elementary", "LPS-104", E, True),
    ("Emerson Elementary", "LPS-105", E, False),
    ("Fairmount Park Elementary", "LPS-106", E, False),
    ("Greenwood Elementary", "LPS-107", E, True),
    ("Hawthorne Elementary", "LPS-108", E, True),
    ("Island Park Elementary", "LPS-109", E, False),
    ("Juniper Hill Elementary", "LPS-110", E, False),
    ("Kimball Elementary", "LPS-111", E, True),
    ("Lakeridge Elementary", "LPS-112", E, False),
    ("Madrona K-8", "LPS-201", K8, True),
    ("Northgate K-8", "LPS-202", K8, False),
    ("Orca K-8", "LPS-203", K8, True),
    ("Pathfinder K-8", "LPS-204", K8, False),
    ("Queen Anne Middle School", "LPS-301", M, False),
    ("Rainier View Middle School", "LPS-302", M, True),
    ("Salmon Bay Middle School", "LPS-303", M, False),
    ("Thornton Creek Middle School", "LPS-304", M, True),
    ("Union Bay Middle School", "LPS-305", M, True),
    ("Viewlands Middle School", "LPS-306", M, False),
    ("Washington Middle School", "LPS-307", M, True),
    ("Aki Kurose High School", "LPS-401", H, True),
    ("Ballard Shore High School", "LPS-402", H, False),
    ("Cleveland STEM High School", "LPS-403", H, True),
    ("Franklin High School", "LPS-404", H, True),
    ("Garfield Hill High School", "LPS-405", H, False),
    ("Lakeside Central High School", "LPS-406", H, False),
    ("Rainier Beach High School", "LPS-407", H, True),
]

DEMO_AWARDS = [
    (
        "principal-excellence",
        "Excellence in School Leadership Award",
        NomineeCategory.PRINCIPAL,
        "Honours a principal whose leadership has lifted teaching and learning for every student.",
    ),
    (
        "title-i-teacher-staff",
        "Opportunity Champion Award",
        NomineeCategory.TEACHER,
        "For grade 6-12 teachers and school staff at Title I schools who open doors for students.",
    ),
    (
        "k8-science-teacher",
        "Curiosity Prize for K-8 Science Teaching",
        NomineeCategory.TEACHER,
        "Celebrates a K-8 teacher who makes science hands-on, joyful and rigorous.",
    ),
    (
        "student-leadership-scholarship",
        "Student Leadership Scholarship",
        NomineeCategory.STUDENT,
        "A scholarship for a graduating senior who has led change in their school or community.",
    ),
]


# Eligibility of each demo award, by slug.
DEMO_ELIGIBILITY = {
    # The principal is told of the nomination and adds a statement of their own.
    "principal-excellence": {
        "min_years_in_district": 3,
        "nominee_notice": Award.NomineeNotice.NOTIFY,
        "nominee_handoff": True,
    },
    "title-i-teacher-staff": {
        "eligible_school_levels": [M, H],
        "title_i_only": True,
        "min_years_at_school": 2,
    },
    "k8-science-teacher": {"eligible_school_levels": [E, K8, M]},
    "student-leadership-scholarship": {
        "eligible_school_levels": [H],
        "requires_guardian_consent": True,
    },
}

K = Question.Kind
# (key, section, kind, label, extra)
DEMO_QUESTIONS = [
    (
        "years",
        "Eligibility",
        K.ATTESTATION,
        "Does the nominee currently work or study at a Lakeside public school?",
        {
            "if_no_message": "Only people who work or study at a Lakeside public school can be "
            "nominated for this award."
        },
    ),
    (
        "impact",
        "Their story",
        K.LONG_TEXT,
        "What has the nominee done that deserves this award?",
        {"word_limit": 500, "help_text": "Concrete examples help reviewers most."},
    ),
    (
        "students",
        "Their story",
        K.LONG_TEXT,
        "How have students or colleagues benefited?",
        {"word_limit": 300},
    ),
    (
        "known_for",
        "Their story",
        K.MULTIPLE_CHOICE,
        "What is the nominee known for?",
        {
            "required": False,
            "choices": ["Innovation", "Equity", "Mentoring", "Family engagement", "Other"],
        },
    ),
    (
        "known_for_other",
        "Their story",
        K.SHORT_TEXT,
        "Tell us what else they are known for",
        {"required": False, "show_if_key": "known_for", "show_if_value": "Other"},
    ),
    (
        "evidence",
        "Supporting materials",
        K.FILE,
        "Supporting document",
        {
            "required": False,
            "allowed_file_types": ["pdf", "docx", "jpeg", "png"],
            "max_files": 3,
            "help_text": "A photo of a project, a newsletter, a student's note. Never a student's "
            "records.",
        },
    ),
    (
        "letters",
        "Supporting materials",
        K.LETTERS,
        "Letters of support",
        {
            "min_letters": 1,
            "max_letters": 3,
            "help_text": "Colleagues, families or students who can speak to the nominee's work.",
        },
    ),
    (
        "consent",
        "Supporting materials",
        K.ATTESTATION,
        "I confirm that what I wrote is true to the best of my knowledge.",
        {
            "if_no_message": "The foundation can only accept a nomination whose nominator "
            "confirms it is true. Check your answers, then choose Yes."
        },
    ),
]


def seed_questions(cycle: Cycle) -> None:
    """Give a cycle the demo form, once: a cycle that already has questions is left alone."""
    if cycle.questions.exists():
        return
    for order, (key, section, kind, label, extra) in enumerate(DEMO_QUESTIONS):
        Question.objects.create(
            cycle=cycle,
            key=key,
            section=section,
            kind=kind,
            label=label,
            sort_order=order,
            **extra,
        )


def current_school_year(now: datetime.datetime | None = None) -> tuple[int, str]:
    """The school year starts on 1 July: (first calendar year, label such as "2026-27")."""
    local = timezone.localtime(now or timezone.now(), ZoneInfo(settings.TIME_ZONE))
    start = local.year if local.month >= 7 else local.year - 1
    return start, f"{start}-{(start + 1) % 100:02d}"


def seed_awards() -> dict[str, Award]:
    """Create the roster, the four awards and this school year's open cycles, once, with the
    demo translations of their forms and awards.

    Existing rows are left as they are, and translations are only added where a text has none,
    so running it again changes nothing.
    """
    for name, code, level, title_i in DEMO_SCHOOLS:
        School.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "title_i": title_i}
        )
    zone = ZoneInfo(settings.TIME_ZONE)
    start, label = current_school_year()
    opens_at = datetime.datetime(start, 7, 1, 0, 0, tzinfo=zone)
    closes_at = datetime.datetime(start + 1, 6, 30, 17, 0, tzinfo=zone)
    awards = {}
    for slug, name, category, description in DEMO_AWARDS:
        award, _ = Award.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "category": category,
                "description": description,
                **DEMO_ELIGIBILITY.get(slug, {}),
            },
        )
        cycle, _ = Cycle.objects.get_or_create(
            award=award,
            name=label,
            defaults={
                "opens_at": opens_at,
                "closes_at": closes_at,
                "letters_due_at": closes_at + datetime.timedelta(days=14),
                "grace_period": datetime.timedelta(minutes=15),
                "results_expected_on": datetime.date(start + 1, 4, 23),
                "status": Cycle.Status.OPEN,
            },
        )
        seed_questions(cycle)
        # The families' languages: only what has no translation yet, so staff edits stay.
        add_missing_translations(cycle, DEMO_TRANSLATIONS)
        awards[slug] = award
    return awards


# Families who nominated in the demo, for the staff's reach report. Their accounts have no
# password: nobody signs in as them.
DEMO_FAMILY_DOMAIN = "families.lakeside.example"
SCI, OPP = "k8-science-teacher", "title-i-teacher-staff"
LEAD, SCH = "principal-excellence", "student-leadership-scholarship"
SENT, DRAFT, GONE = (
    Nomination.Status.SUBMITTED,
    Nomination.Status.DRAFT,
    Nomination.Status.WITHDRAWN,
)
YES, NO, TBD = (
    Nomination.Eligibility.ELIGIBLE,
    Nomination.Eligibility.INELIGIBLE,
    Nomination.Eligibility.PENDING,
)
# (award slug, school code, nominee, role, language, on a phone, status, days ago, eligibility,
#  letters received, letters still due). Many roster schools have none: the reach report lists
# them for outreach.
DEMO_NOMINATIONS = [
    (SCI, "LPS-101", "Ana Morales", "Teacher", "es", True, SENT, 21, YES, 1, 0),
    (SCI, "LPS-101", "Ben Carter", "Teacher", "en", False, SENT, 12, YES, 0, 1),
    (SCI, "LPS-201", "Minh Tran", "Science teacher", "vi", True, SENT, 9, TBD, 0, 1),
    (SCI, "LPS-302", "Hodan Farah", "Science teacher", "so", True, SENT, 3, TBD, 0, 0),
    (SCI, "LPS-103", "Grace Liu", "Teacher", "zh-hans", True, SENT, 1, TBD, 1, 1),
    (SCI, "LPS-102", "Peter Olsen", "Teacher", "", False, DRAFT, 2, TBD, 0, 0),
    (OPP, "LPS-404", "Marcus Bell", "Counselor", "en", False, SENT, 18, YES, 2, 0),
    (OPP, "LPS-407", "Sofia Reyes", "Math teacher", "es", True, SENT, 6, TBD, 0, 2),
    (OPP, "LPS-401", "Abdi Hassan", "Family liaison", "so", True, SENT, 2, TBD, 0, 1),
    (OPP, "LPS-305", "Lan Nguyen", "Librarian", "vi", True, DRAFT, 1, TBD, 0, 0),
    (LEAD, "LPS-301", "Karen Whitfield", "Principal", "en", False, SENT, 15, NO, 0, 0),
    (LEAD, "LPS-403", "David Kim", "Principal", "en", False, SENT, 4, TBD, 1, 0),
    (LEAD, "LPS-108", "Rosa Jimenez", "Principal", "es", True, GONE, 10, TBD, 0, 0),
    (SCH, "LPS-406", "Jordan Lee", "Senior", "en", False, SENT, 7, TBD, 0, 1),
    (SCH, "LPS-402", "Mei Chen", "Senior", "zh-hans", True, SENT, 5, YES, 1, 0),
    (SCH, "LPS-404", "Yusuf Ali", "Senior", "so", True, SENT, 0, TBD, 0, 0),
]


# (nominee, tags, note, shared with reviewers): the staff's working notes on two nominations.
DEMO_STAFF_NOTES = [
    (
        "Marcus Bell",
        ["strong letters"],
        "Both letters came within a week; the school's principal also called to support him.",
        True,
    ),
    (
        "Minh Tran",
        ["follow up"],
        "Ask the school to confirm Minh's years there before we decide eligibility.",
        False,
    ),
]


def seed_nominations(awards: dict[str, Award], now: datetime.datetime | None = None) -> int:
    """Give the demo's current cycles the nominations in DEMO_NOMINATIONS, sent in the last three
    weeks by families in each language, on phones and computers, once. Returns how many were
    made (0 when the demo already has them).

    Side effects: family accounts without a password, nominations with a candidate (dossier)
    each when submitted, letter requests, and the staff notes and tags of DEMO_STAFF_NOTES (by
    the first staff member, if any); no e-mail and no audit event (nothing happened).
    """
    users = get_user_model().objects
    if users.filter(email__endswith=f"@{DEMO_FAMILY_DOMAIN}").exists():
        return 0
    now = now or timezone.now()
    cycles = {
        cycle.award.slug: cycle
        for cycle in Cycle.objects.filter(award__in=awards.values()).select_related("award")
        if cycle.name == current_school_year(now)[1]
    }
    schools = {school.code: school for school in School.objects.all()}
    made = {}
    for number, row in enumerate(DEMO_NOMINATIONS, start=1):
        slug, code, nominee, role, language, phone, status, days_ago, eligibility = row[:9]
        received, due = row[9:]
        family = users.create(email=f"family{number}@{DEMO_FAMILY_DOMAIN}")
        family.set_unusable_password()
        family.save(update_fields=["password"])
        first, last = nominee.split(" ", 1)
        sent = now - datetime.timedelta(days=days_ago, hours=number % 9)
        nomination = Nomination.objects.create(
            cycle=cycles[slug],
            nominator=family,
            status=status,
            nominee_first_name=first,
            nominee_last_name=last,
            nominee_role=role,
            school=schools[code],
            nominator_relationship="Parent of a student",
            language=language if status != DRAFT else "",
            contact_language=language if status != DRAFT else "",
            started_on_phone=phone,
            eligibility=eligibility,
            eligibility_reason="Not at the school long enough." if eligibility == NO else "",
            submitted_at=sent if status != DRAFT else None,
            withdrawn_at=sent + datetime.timedelta(days=1) if status == GONE else None,
        )
        if status == SENT:
            nomination.dossier = Dossier.objects.create(cycle=nomination.cycle)
            nomination.save(update_fields=["dossier"])
        for index in range(received + due):
            LetterRequest.objects.create(
                nomination=nomination,
                question_key="letters",
                writer_name=f"Letter writer {number}-{index + 1}",
                writer_email=f"writer{number}-{index + 1}@{DEMO_FAMILY_DOMAIN}",
                language=language or "en",
                status=LetterRequest.Status.RECEIVED
                if index < received
                else LetterRequest.Status.REQUESTED,
                send_count=1,
                last_sent_at=sent,
                received_at=sent + datetime.timedelta(days=1) if index < received else None,
                letter_text="A colleague who changed our school." if index < received else "",
            )
        made[nominee] = nomination
    author = users.filter(groups__name=settings.STAFF_GROUP).order_by("pk").first()
    for nominee, tags, text, shared in DEMO_STAFF_NOTES:
        StaffNote.objects.create(
            nomination=made[nominee], author=author, text=text, share_with_reviewers=shared
        )
        made[nominee].tags.set([NominationTag.objects.get_or_create(name=name)[0] for name in tags])
    return len(DEMO_NOMINATIONS)


LETTER_IN, LETTER_DUE = LetterRequest.Status.RECEIVED, LetterRequest.Status.REQUESTED
