from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from awards.demo import DEMO_NOMINATIONS
from awards.models import Award, Cycle, LetterRequest, Nomination, Question, School, StaffNote
from awards.queries import open_cycle_for
from awards.reports import reach_report, scope_for
from cms.models import AwardPage, HomePage
from review.demo import FINALIST_CYCLE
from review.models import Assignment, Finalist, OutgoingMessage, Review, Stage
from tests.transactions import kept_for_the_module


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker) -> str:
    """`seed_demo` run once for the module's tests (`kept_for_the_module`: what a test writes is
    rolled back before the next one); what it printed."""
    output = StringIO()
    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            call_command("seed_demo", stdout=output)
        yield output.getvalue()


@pytest.fixture
def seeded(seeded_once, db) -> str:
    """The demo foundation as `seed_demo` leaves it on an empty database; what it printed."""
    return seeded_once


def yearly_cycles():
    """The school year's cycles, not the dated-from-today ones that show reminders nor the
    one in its finalist round."""
    return Cycle.objects.exclude(name__startswith="Reminders demo").exclude(name=FINALIST_CYCLE)


def counts() -> dict[str, int]:
    return {
        "schools": School.objects.count(),
        "title_i_schools": School.objects.filter(title_i=True).count(),
        "awards": Award.objects.count(),
        "open_cycles": yearly_cycles().filter(status=Cycle.Status.OPEN).count(),
        "reminder_cycles": Cycle.objects.filter(name__startswith="Reminders demo").count(),
        "nominations": Nomination.objects.count(),
        "letters": LetterRequest.objects.count(),
        "staff_notes": StaffNote.objects.count(),
        "questions": Question.objects.count(),
        "users": get_user_model().objects.count(),
        "verified_emails": EmailAddress.objects.filter(verified=True).count(),
        "pages": Page.objects.count(),
        # In the site's own language; translations are counted with the pages.
        "award_pages": AwardPage.objects.live().filter(locale=Locale.get_default()).count(),
        "revisions": sum(page.revisions.count() for page in Page.objects.all()),
    }


def test_seed_demo_builds_a_believable_foundation(seeded):
    output = seeded
    built = counts()
    assert built["schools"] == 30
    assert 0 < built["title_i_schools"] < 30
    assert built["awards"] == built["open_cycles"] == built["award_pages"] == 4
    # The four people who sign in, and the families whose nominations fill the reach report.
    assert built["verified_emails"] == 4
    assert built["users"] == 4 + len(DEMO_NOMINATIONS)
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    for email in ("admin@", "staff@", "reviewer@", "nominator@"):
        assert email in output
    assert "laurel-demo-2026" in output
    assert all(cycle.is_accepting_nominations() for cycle in yearly_cycles())
    # Each award's page offers the school year's cycle, not one dated for the reminders.
    offered = {open_cycle_for(award) for award in Award.objects.all()}
    assert offered == set(yearly_cycles().filter(status=Cycle.Status.OPEN))


def test_seed_demo_staff_noted_and_tagged_a_nomination(seeded):
    shared = StaffNote.objects.get(share_with_reviewers=True)
    assert shared.author.email == "staff@lakeside-foundation.example"
    assert shared.nomination.nominee_name == "Marcus Bell"
    assert list(shared.nomination.tags.names()) == ["strong letters"]
    assert StaffNote.objects.filter(share_with_reviewers=False).count() == 1


def test_seed_demo_twice_changes_nothing(seeded, capsys):
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert "password unchanged" not in seeded
    assert "password unchanged" in capsys.readouterr().out


def test_seed_demo_users_have_their_roles(seeded):
    users = get_user_model().objects
    assert users.get(email="admin@lakeside-foundation.example").is_superuser is True
    staff = users.get(email="staff@lakeside-foundation.example")
    assert (staff.is_staff, staff.has_perm("wagtailadmin.access_admin")) == (True, True)
    reviewer = users.get(email="reviewer@lakeside-foundation.example")
    assert (reviewer.is_reviewer, reviewer.is_staff) == (True, False)
    nominator = users.get(email="nominator@example.org")
    assert (nominator.is_reviewer, nominator.is_staff) == (False, False)


def test_seed_demo_has_one_reminder_of_each_kind_due_today(seeded):
    call_command("send_reminders")
    call_command("send_reminders")  # a second run the same day queues nothing more

    kinds = sorted(OutgoingMessage.objects.values_list("kind", flat=True))
    assert kinds == ["reminder:draft", "reminder:letter", "reminder:review"]
    by_kind = dict(OutgoingMessage.objects.values_list("kind", "to"))
    assert by_kind["reminder:draft"] == "nominator@example.org"
    assert by_kind["reminder:review"] == "reviewer@lakeside-foundation.example"


def test_seed_demo_families_nominated_from_some_schools_and_not_others(seeded):
    report = reach_report(scope_for("all"))

    assert Nomination.objects.filter(cycle__in=yearly_cycles()).count() == len(DEMO_NOMINATIONS)
    assert 0 < report.reached < report.roster_size == 30
    assert len(report.unreached) == 30 - report.reached
    assert {share.label for share in report.languages} >= {"English", "Spanish", "Somali"}
    assert report.devices[0].label == "Phone" and report.devices[0].count > 0
    assert report.letters_still_due > 0
    families = get_user_model().objects.filter(
        email__in=[
            n.nominator.email
            for n in Nomination.objects.filter(cycle__in=yearly_cycles()).select_related(
                "nominator"
            )
        ]
    )
    assert not any(family.has_usable_password() for family in families)


def test_seed_demo_shows_a_finalist_round(seeded, client):
    call_command("seed_demo")  # a second run adds nothing

    cycle = Cycle.objects.get(name=FINALIST_CYCLE)
    finalists = list(Finalist.objects.filter(cycle=cycle).order_by("rank_at_selection"))
    assert [f.rank_at_selection for f in finalists] == [1, 2]
    reviewer = get_user_model().objects.get(email="reviewer@lakeside-foundation.example")
    committee = Assignment.objects.filter(
        enrolment__cycle=cycle, enrolment__stage=Stage.FINALIST, enrolment__reviewer=reviewer
    )
    assert set(committee.values_list("dossier_id", flat=True)) == {f.dossier_id for f in finalists}
    assert Review.objects.filter(assignment__in=committee, counted=True).count() == 1
    client.force_login(reviewer)
    dashboard = client.get("/review/").content.decode()
    assert "Finalist round" in dashboard
    staff = get_user_model().objects.get(email="staff@lakeside-foundation.example")
    client.force_login(staff)
    page = client.get(f"/admin/review/committee/{cycle.pk}/").content.decode()
    assert "Lucia Moreno" in page[page.index("Finalist round") : page.index("First stage")]
