"""The staff home: each award's current cycle at a glance, in a few queries whatever the number
of awards; the Nominations list opens on this year's submitted nominations."""

import re
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from awards.models import Cycle, LetterRequest, Nomination
from review.components import CurrentCyclesPanel
from review.models import Assignment, Publication, Review, ReviewerEnrolment, ReviewSettings, Rubric
from review.wagtail_hooks import add_current_cycles_panel
from tests.awards.factories import LetterRequestFactory, NominationFactory, candidate
from tests.factories import AwardFactory, CycleFactory, UserFactory


def build_cycle(award, *, submitted=3, drafts=2, opened_days_ago=10, name=None):
    """A cycle asking two reviews per candidate with `submitted` candidates: the first fully
    reviewed, the second with one review in and one reviewer still to score, the rest without
    reviewers; `drafts` drafts; on the first nomination two letters outstanding and one in,
    and on a draft one letter outstanding (a draft's letters are not yet due)."""
    opens_at = timezone.now() - timedelta(days=opened_days_ago)
    cycle = CycleFactory(
        award=award,
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=60),
        letters_due_at=opens_at + timedelta(days=70),
        **({"name": name} if name else {}),
    )
    ReviewSettings.objects.create(cycle=cycle, reviewers_per_candidate=2)
    rubric = Rubric.objects.create(cycle=cycle)
    nominations = [candidate(cycle) for _ in range(submitted)]
    draft_rows = [NominationFactory(cycle=cycle) for _ in range(drafts)]
    enrolments = [
        ReviewerEnrolment.objects.create(cycle=cycle, reviewer=UserFactory(), status="active")
        for _ in range(2)
    ]
    for dossier, scored in ((nominations[0].dossier, 2), (nominations[1].dossier, 1)):
        for number, enrolment in enumerate(enrolments):
            assignment = Assignment.objects.create(dossier=dossier, enrolment=enrolment)
            if number < scored:
                Review.objects.create(
                    assignment=assignment,
                    rubric=rubric,
                    cycle=cycle,
                    dossier=dossier,
                    enrolment=enrolment,
                    status=Review.Status.SUBMITTED,
                )
    LetterRequestFactory.create_batch(2, nomination=nominations[0])
    LetterRequestFactory(nomination=nominations[0], status=LetterRequest.Status.RECEIVED)
    if draft_rows:
        LetterRequestFactory(nomination=draft_rows[0])
    return cycle


@pytest.fixture
def current(db):
    award = AwardFactory(name="Teacher of the Year")
    build_cycle(award, submitted=5, drafts=4, opened_days_ago=400, name="2025-26")  # last year
    return build_cycle(award, name="2026-27")


def panel_html(user) -> str:
    request = RequestFactory().get("/admin/")
    request.user = user
    html = CurrentCyclesPanel().render_html({"request": request, "csrf_token": ""})
    return re.sub(r"\s+", " ", html)


def row_of(html: str, name: str) -> str:
    return next(row for row in html.split("<tr") if name in row)


def test_panel_numbers_match_the_current_cycle(current, staff_user):
    row = row_of(panel_html(staff_user), "Teacher of the Year 2026-27")
    assert "3 submitted</a>, 2 drafts" in row
    # Staff read dates in the foundation's time zone, whatever the hour in UTC.
    due = timezone.localtime(current.letters_due_at)
    assert f"2 outstanding, due {due:%-d %b %Y}" in row
    # Three candidates need two reviews each; three are in; one candidate has no reviewer.
    assert "3 of 6 done" in row
    assert "1 candidate short of reviewers" in row
    assert "Not requested" in row
    assert "2025-26" not in panel_html(staff_user)  # last year's cycle is not current


def test_panel_shows_the_publication_status(current, staff_user):
    Publication.objects.create(
        cycle=current,
        status=Publication.Status.AWAITING_APPROVAL,
        publish_at=timezone.now(),
        requested_by=staff_user,
    )
    assert "Awaiting a second approval" in row_of(panel_html(staff_user), "2026-27")


def test_panel_asks_the_same_few_queries_whatever_the_number_of_awards(
    current, staff_user, django_assert_num_queries
):
    with django_assert_num_queries(3):
        panel_html(staff_user)
    for _ in range(3):
        build_cycle(AwardFactory(), submitted=2, drafts=1)
    with django_assert_num_queries(3):
        html = panel_html(staff_user)
    assert html.count('<th scope="row">') == 4


def test_panel_is_on_the_staff_home_only(client, current, staff_user, user):
    panels = []
    request = RequestFactory().get("/admin/")
    request.user = user
    add_current_cycles_panel(request, panels)
    assert panels == []
    client.force_login(staff_user)
    html = client.get("/admin/").content.decode()
    assert 'id="current-cycles' in html
    assert "3 of 6 done" in html


def test_a_cycle_without_review_settings_counts_the_default_reviews(db, staff_user):
    cycle = CycleFactory(status=Cycle.Status.OPEN)
    candidate(cycle)
    required = ReviewSettings._meta.get_field("reviewers_per_candidate").default
    assert f"0 of {required} done" in panel_html(staff_user)


def test_nominations_list_opens_on_this_years_submitted(client, staff_user, current):
    client.force_login(staff_user)
    last_year = Cycle.objects.get(name="2025-26")
    response = client.get("/admin/nomination/", follow=True)
    listed = set(response.context["object_list"])
    expected = set(Nomination.objects.filter(cycle=current, status=Nomination.Status.SUBMITTED))
    assert listed == expected
    assert not any(n.cycle_id == last_year.pk for n in listed)
    # Staff can still choose all years and every status.
    everything = client.get("/admin/nomination/", {"year": "", "status": ""})
    assert set(everything.context["object_list"]) == set(Nomination.objects.all())
