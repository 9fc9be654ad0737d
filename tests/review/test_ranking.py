"""Ranking: the normalisation's properties, the SQL against a plain reference, tie-breaks,
disagreement flags, extra reviewers near the cutoff, recorded rankings, the staff screen."""

import random
import re
from decimal import Decimal

import numpy as np
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awards.models import Cycle, Dossier, Nomination
from portal.models import AuditEvent
from review.domain.aggregates import MIN_REVIEWS_TO_NORMALISE, rebuild_scores
from review.domain.progress import remove_assignment
from review.domain.ranking import (
    RankingPages,
    add_reviewers_near_cutoff,
    compute_ranking,
    flagged_count,
    near_cutoff,
    raw_positions,
    record_ranking,
)
from review.domain.scoring import save_review
from review.models import (
    Assignment,
    Criterion,
    Ranking,
    Review,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
)
from tests.awards.factories import NominationFactory, candidate
from tests.factories import CycleFactory, UserFactory

SCALE = (0, 10)


class Rollback(Exception):
    pass


def make_cycle(tie_break=Rubric.TieBreak.RAW_MEAN, threshold=3, **review_settings):
    cycle = CycleFactory()
    rubric = Rubric.objects.create(cycle=cycle, tie_break=tie_break)
    Criterion.objects.create(rubric=rubric, name="Impact", scale_min=SCALE[0], scale_max=SCALE[1])
    ReviewSettings.objects.create(
        cycle=cycle, disagreement_threshold=Decimal(threshold), **review_settings
    )
    return cycle


def make_reviews(cycle, table: dict[tuple[int, int], float], order=None):
    """`table` maps (candidate number, reviewer number) to a submitted weighted total."""
    candidates = sorted({c for c, _ in table})
    reviewers = sorted({r for _, r in table})
    dossiers = {}
    for c in candidates:
        dossiers[c] = Dossier.objects.create(cycle=cycle)
        NominationFactory(
            cycle=cycle,
            dossier=dossiers[c],
            status=Nomination.Status.SUBMITTED,
            submitted_at=timezone.now(),
            nominee_first_name=f"Candidate{c}",
        )
    enrolments = {
        r: ReviewerEnrolment.objects.create(
            cycle=cycle, reviewer=UserFactory(), status="active", capacity=1000
        )
        for r in reviewers
    }
    rubric = cycle.rubrics.get()
    for c, r in order or sorted(table):
        assignment = Assignment.objects.create(dossier=dossiers[c], enrolment=enrolments[r])
        Review.objects.create(
            assignment=assignment,
            rubric=rubric,
            cycle=cycle,
            dossier=dossiers[c],
            enrolment=enrolments[r],
            status=Review.Status.SUBMITTED,
            weighted_total=Decimal(str(table[c, r])),
            total=float(table[c, r]),
            counted=True,
        )
    rebuild_scores(cycle)
    return dossiers, enrolments


def reference(table: dict[tuple[int, int], float], low=SCALE[0], high=SCALE[1]) -> dict:
    """The documented method, written plainly with numpy."""
    values = np.array(list(table.values()), dtype=float)
    g, gsd = values.mean(), values.std()
    by_reviewer = {}
    for (_, r), x in table.items():
        by_reviewer.setdefault(r, []).append(x)
    adjusted = {}
    for (c, r), x in table.items():
        own = np.array(by_reviewer[r])
        if len(own) < MIN_REVIEWS_TO_NORMALISE:
            z = x
        elif own.std() <= 1e-9 or gsd <= 1e-9:
            z = x - own.mean() + g
        else:
            z = g + gsd * (x - own.mean()) / own.std()
        adjusted.setdefault(c, []).append(z)
    return {c: min(max(float(np.mean(v)), low), high) for c, v in adjusted.items()}


totals = st.integers(min_value=0, max_value=10).map(float)
tables = st.dictionaries(
    st.tuples(st.integers(0, 7), st.integers(0, 4)), totals, min_size=1, max_size=30
)
hypothesis_settings = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def ranked(cycle, dossiers) -> dict[int, float]:
    number = {d.pk: c for c, d in dossiers.items()}
    return {number[e.dossier_id]: e.normalised for e in compute_ranking(cycle).entries}


@hypothesis_settings
@given(table=tables, seed=st.integers(0, 1000))
def test_normalisation_matches_the_reference_is_bounded_and_order_invariant(db, table, seed):
    try:
        with transaction.atomic():
            cycle = make_cycle()
            dossiers, _ = make_reviews(cycle, table)
            first = ranked(cycle, dossiers)
            expected = reference(table)
            assert first.keys() == expected.keys()
            for c, value in first.items():
                assert value == pytest.approx(expected[c], abs=1e-3)
                assert SCALE[0] <= value <= SCALE[1]
            shuffled = sorted(table)
            random.Random(seed).shuffle(shuffled)
            other = make_cycle()
            again, _ = make_reviews(other, table, order=shuffled)
            assert ranked(other, again) == first
            raise Rollback
    except Rollback:
        pass


@hypothesis_settings
@given(
    scores=st.lists(totals, min_size=MIN_REVIEWS_TO_NORMALISE, max_size=6),
    reviewers=st.integers(1, 4),
)
def test_normalisation_is_identity_when_reviewers_agree(db, scores, reviewers):
    """Every reviewer scores the same candidates the same way: nothing to correct."""
    table = {(c, r): x for r in range(reviewers) for c, x in enumerate(scores)}
    try:
        with transaction.atomic():
            cycle = make_cycle()
            dossiers, _ = make_reviews(cycle, table)
            for c, value in ranked(cycle, dossiers).items():
                assert value == pytest.approx(scores[c], abs=1e-3)
            raise Rollback
    except Rollback:
        pass


def test_normalisation_removes_a_harsh_reviewers_bias(db):
    # Reviewer 0 is harsh (3 points lower on everyone). Candidates 0-2 are read by the harsh
    # reviewer, 3-5 by the fair one; underlying quality is equal in pairs (0,3), (1,4), (2,5).
    table = {(0, 0): 3, (1, 0): 4, (2, 0): 5, (3, 1): 6, (4, 1): 7, (5, 1): 8}
    cycle = make_cycle()
    dossiers, _ = make_reviews(cycle, table)
    normalised = ranked(cycle, dossiers)
    assert normalised[0] == pytest.approx(normalised[3])
    assert normalised[2] == pytest.approx(normalised[5])


def test_ranking_takes_three_queries_whatever_the_size(db, django_assert_num_queries):
    small = make_cycle()
    make_reviews(small, {(0, 0): 5})
    large = make_cycle()
    make_reviews(large, {(c, r): (c * r) % 11 for c in range(40) for r in range(6)})
    for cycle in (small, large):
        fresh = Cycle.objects.get(pk=cycle.pk)  # its review settings not read yet
        with django_assert_num_queries(3):
            compute_ranking(fresh)


def test_ties_follow_the_rubrics_rule(db):
    # Equal normalised scores and means (too few reviews each to normalise); candidate 1 has
    # more reviews.
    table = {(0, 0): 6, (1, 1): 6, (1, 2): 6}
    for tie_break, first in ((Rubric.TieBreak.MORE_REVIEWS, 1), (Rubric.TieBreak.RAW_MEAN, 1)):
        cycle = make_cycle(tie_break=tie_break)
        dossiers, _ = make_reviews(cycle, table)
        entries = compute_ranking(cycle).entries
        assert entries[0].dossier_id == dossiers[first].pk
    cycle = make_cycle(tie_break=Rubric.TieBreak.SUBMITTED_FIRST)
    dossiers, _ = make_reviews(cycle, table)
    earliest = Nomination.objects.get(dossier=dossiers[1])
    Nomination.objects.filter(dossier=dossiers[0]).update(
        submitted_at=earliest.submitted_at.replace(year=earliest.submitted_at.year + 1)
    )
    assert compute_ranking(cycle).entries[0].dossier_id == dossiers[1].pk


def test_more_reviews_breaks_a_tie_before_a_higher_raw_mean(db):
    """Two candidates tie on the normalised score (both reach the top of the scale) with
    different raw means: "more reviews" puts the one with more reviews first even though its
    raw mean is lower, and "raw mean" does the opposite."""
    # Candidate 0: one 10 from a reviewer with too few reviews to normalise. Candidate 1: two 9s
    # from reviewers whose other scores are low, so both normalise above the scale's top.
    table = {(0, 0): 10, (1, 1): 9, (2, 1): 1, (3, 1): 1, (1, 2): 9, (4, 2): 1, (5, 2): 1}
    first = {}
    for tie_break in (Rubric.TieBreak.MORE_REVIEWS, Rubric.TieBreak.RAW_MEAN):
        cycle = make_cycle(tie_break=tie_break)
        dossiers, _ = make_reviews(cycle, table)
        number = {dossier.pk: c for c, dossier in dossiers.items()}
        top = compute_ranking(cycle).entries[:2]
        by_candidate = {number[entry.dossier_id]: entry for entry in top}
        assert by_candidate[0].normalised == by_candidate[1].normalised == SCALE[1]  # the tie
        assert [(by_candidate[c].reviews, by_candidate[c].mean) for c in (0, 1)] == [
            (1, 10.0),
            (2, 9.0),
        ]
        first[tie_break] = number[top[0].dossier_id]
    assert first == {Rubric.TieBreak.MORE_REVIEWS: 1, Rubric.TieBreak.RAW_MEAN: 0}


def test_disagreement_is_flagged_beyond_the_threshold(db):
    cycle = make_cycle(threshold=3)
    dossiers, _ = make_reviews(cycle, {(0, 0): 2, (0, 1): 9, (1, 0): 5, (1, 1): 7})
    flags = {e.dossier_id: e.flagged for e in compute_ranking(cycle).entries}
    assert flags == {dossiers[0].pk: True, dossiers[1].pk: False}


def test_removed_and_draft_reviews_do_not_count(db, staff_user):
    cycle = make_cycle()
    _, enrolments = make_reviews(cycle, {(0, 0): 2, (0, 1): 8})
    remove_assignment(Assignment.objects.get(enrolment=enrolments[0]), staff_user)
    entry = compute_ranking(cycle).entries[0]
    assert (entry.reviews, entry.mean) == (1, 8.0)
    # A draft saved through the portal does not count either.
    draft = Assignment.objects.create(
        dossier=Dossier.objects.create(cycle=cycle), enrolment=enrolments[1]
    )
    cycle.review_settings.release_at = timezone.now()
    cycle.review_settings.save()
    criterion = cycle.rubrics.get().criteria.get()
    save_review(
        draft,
        enrolments[1].reviewer,
        values={criterion.pk: 9},
        comments={},
        comment="",
        submit=False,
    )
    assert Review.objects.get(assignment=draft).counted is False
    assert len(compute_ranking(cycle).entries) == 1


def test_record_ranking_stores_order_and_tie_break(db, staff_user):
    cycle = make_cycle(tie_break=Rubric.TieBreak.MORE_REVIEWS)
    dossiers, _ = make_reviews(cycle, {(0, 0): 9, (1, 0): 4})
    record = record_ranking(cycle, staff_user)
    assert record.tie_break == "more_reviews"
    assert [e["dossier_id"] for e in record.entries] == [dossiers[0].pk, dossiers[1].pk]
    assert [e["rank"] for e in record.entries] == [1, 2]
    assert "z-scores" in record.method
    assert AuditEvent.objects.filter(action="review.ranking_recorded").count() == 1
    assert Ranking.objects.count() == 1


def test_extra_reviewer_only_for_flagged_candidates_near_the_cutoff(db, staff_user):
    cycle = make_cycle(threshold=3, places=1, cutoff_margin=1)
    # Candidate 0: flagged, rank near the cutoff. Candidate 2: flagged but far below it.
    table = {(0, 0): 10, (0, 1): 4, (1, 0): 6, (1, 1): 6, (2, 0): 0, (2, 1): 4}
    table |= {(c, 0): 5 for c in range(3, 8)} | {(c, 1): 5 for c in range(3, 8)}
    dossiers, _ = make_reviews(cycle, table)
    spare = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(), status="active", capacity=5
    )
    ranking = compute_ranking(cycle)
    ranks = {e.dossier_id: e.rank for e in ranking.entries}
    assert ranks[dossiers[0].pk] <= 2 < ranks[dossiers[2].pk] - 1
    added = add_reviewers_near_cutoff(cycle, staff_user)
    assert [(a.dossier_id, a.enrolment_id) for a in added] == [(dossiers[0].pk, spare.pk)]
    assert added[0].source == Assignment.Source.EXTRA
    # Once only.
    assert add_reviewers_near_cutoff(cycle, staff_user) == []


def test_ranking_screen_shows_raw_and_normalised_side_by_side(client, staff_user, db):
    cycle = make_cycle()
    make_reviews(cycle, {(0, 0): 9, (1, 0): 4})
    client.force_login(staff_user)
    html = client.get(f"/admin/review/ranking/{cycle.pk}/").content.decode()
    assert "Candidate0" in html
    assert "Raw mean" in html and "Normalised" in html
    assert "z-scores" in html
    response = client.post(f"/admin/review/ranking/{cycle.pk}/", {"action": "record"})
    assert response.status_code == 302
    assert Ranking.objects.filter(cycle=cycle).count() == 1


def test_reading_the_ranking_of_a_cycle_without_settings_writes_nothing(client, staff_user, db):
    """Opening a screen is not a change: a cycle whose review settings staff never saved is
    ranked with the defaults, and still has no settings afterwards."""
    cycle = CycleFactory()
    client.force_login(staff_user)

    response = client.get(f"/admin/review/ranking/{cycle.pk}/")

    assert response.status_code == 200
    assert not ReviewSettings.objects.filter(cycle=cycle).exists()


def test_ranking_screen_is_closed_to_reviewers(client, reviewer_user, db):
    cycle = make_cycle()
    client.force_login(reviewer_user)
    assert client.get(f"/admin/review/ranking/{cycle.pk}/").status_code in (302, 403)


def test_running_aggregates_follow_portal_submissions_and_removals(db, staff_user):
    """Scores entered through the portal keep the aggregates right without a rebuild."""
    cycle = make_cycle()
    ReviewSettings.objects.filter(cycle=cycle).update(release_at=timezone.now())
    criterion = cycle.rubrics.get().criteria.get()
    dossiers = [Dossier.objects.create(cycle=cycle) for _ in range(4)]
    enrolments = [
        ReviewerEnrolment.objects.create(cycle=cycle, reviewer=UserFactory(), status="active")
        for _ in range(2)
    ]
    for r, enrolment in enumerate(enrolments):
        for c, dossier in enumerate(dossiers):
            assignment = Assignment.objects.create(dossier=dossier, enrolment=enrolment)
            save_review(
                assignment,
                enrolment.reviewer,
                values={criterion.pk: (c * 2 + r * 3) % 11},
                comments={},
                comment="",
                submit=True,
            )
    live = [(e.dossier_id, e.normalised, e.mean) for e in compute_ranking(cycle).entries]
    rebuild_scores(cycle)
    assert [(e.dossier_id, e.normalised, e.mean) for e in compute_ranking(cycle).entries] == live
    remove_assignment(Assignment.objects.filter(enrolment=enrolments[0]).first(), staff_user)
    after_removal = [
        (e.dossier_id, e.normalised, e.reviews) for e in compute_ranking(cycle).entries
    ]
    rebuild_scores(cycle)
    assert [
        (e.dossier_id, e.normalised, e.reviews) for e in compute_ranking(cycle).entries
    ] == after_removal
    assert sum(reviews for _, _, reviews in after_removal) == 7


def test_a_page_of_the_ranking_matches_the_full_ranking(db):
    cycle = make_cycle()
    make_reviews(cycle, {(c, r): (c * 7 + r * 3) % 11 for c in range(12) for r in range(4)})
    full = compute_ranking(cycle)
    page = compute_ranking(cycle, limit=5, offset=5)
    assert (full.total, page.total) == (12, 12)
    assert page.entries == full.entries[5:10]
    assert [e.rank for e in page.entries] == [6, 7, 8, 9, 10]


@hypothesis_settings
@given(
    table=st.dictionaries(
        st.tuples(st.integers(0, 14), st.integers(0, 5)), totals, min_size=1, max_size=60
    ),
    tie_break=st.sampled_from(list(Rubric.TieBreak)),
    limit=st.integers(1, 6),
    offset=st.integers(0, 12),
)
def test_every_page_of_the_ranking_matches_the_full_ranking(db, table, tie_break, limit, offset):
    """A page reads only the candidates that can reach it (through the z_mean index), and
    still agrees with the whole ranking: ties, the rubric's bounds and reviewers too new to be
    normalised included."""
    try:
        with transaction.atomic():
            cycle = make_cycle(tie_break=tie_break)
            make_reviews(cycle, table)
            full = compute_ranking(cycle)
            page = compute_ranking(cycle, limit=limit, offset=offset)
            assert page.total == full.total
            assert page.entries == full.entries[offset : offset + limit]
            raise Rollback
    except Rollback:
        pass


@hypothesis_settings
@given(
    table=st.dictionaries(
        st.tuples(st.integers(0, 14), st.integers(0, 5)), totals, min_size=1, max_size=60
    ),
    places=st.integers(0, 10),
    margin=st.integers(0, 4),
    threshold=st.integers(0, 6),
)
def test_what_the_screens_ask_of_the_database_matches_the_whole_ranking(
    db, table, places, margin, threshold
):
    """Raw places, the flagged count and the flagged candidates near the cutoff, each read
    from the database without the whole ranking, agree with the whole ranking read plainly."""
    try:
        with transaction.atomic():
            cycle = make_cycle(threshold=threshold)
            make_reviews(cycle, table)
            entries = compute_ranking(cycle).entries
            # By the mean as shown (4 decimals), equal means in candidate order.
            by_mean = sorted(entries, key=lambda e: (-e.mean, e.dossier_id))
            expected_raw = {e.dossier_id: place for place, e in enumerate(by_mean, start=1)}
            assert raw_positions(cycle, [e.dossier_id for e in entries]) == expected_raw
            assert flagged_count(cycle) == sum(1 for e in entries if e.flagged)
            assert near_cutoff(cycle, places, margin) == [
                e for e in entries if e.flagged and places - margin < e.rank <= places + margin
            ]
            raise Rollback
    except Rollback:
        pass


def test_ranking_pages_read_one_page_at_a_time_and_end_with_the_unreviewed(
    db, django_assert_max_num_queries
):
    cycle = make_cycle()
    make_reviews(cycle, {(c, r): (c * 5 + r) % 11 for c in range(7) for r in range(3)})
    unreviewed = [candidate(cycle).dossier for _ in range(3)]
    everything = compute_ranking(cycle).entries

    pages = RankingPages(cycle, unranked=True)
    assert len(pages) == 10
    read = []
    for start in range(0, 10, 4):
        # settings, rubric, one page of the ranking (past its end, the rubric only), unreviewed
        with django_assert_max_num_queries(4):
            read += pages[start : start + 4]
    assert read[:7] == everything
    assert [(item.dossier_id, item.rank) for item in read[7:]] == [
        (dossier.pk, None) for dossier in unreviewed
    ]
    assert pages.ranking.total == 7
    assert len(RankingPages(cycle)) == 7


def test_ranking_screen_pages_in_the_database_whatever_the_size(client, staff_user, db):
    """The screen's queries do not grow with the number of candidates (the whole ranking
    never comes into Python)."""
    small = make_cycle(places=1, cutoff_margin=1)
    make_reviews(small, {(0, 0): 5, (1, 0): 7, (2, 0): 6})
    large = make_cycle(places=1, cutoff_margin=1)
    make_reviews(large, {(c, r): (c * r) % 11 for c in range(30) for r in range(4)})
    client.force_login(staff_user)
    counts = []
    for cycle in (small, large):
        client.get(f"/admin/review/ranking/{cycle.pk}/")
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"/admin/review/ranking/{cycle.pk}/").content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert "30 candidates with submitted reviews" in html


def test_committee_screen_shows_normalised_and_raw_places_then_the_unreviewed(
    client, staff_user, db
):
    # Reviewer 0 is harsh (3-5), reviewer 1 fair (6-8): candidates 0-2 and 3-5 are equal pairs
    # once normalised, so the normalised order differs from the raw one.
    cycle = make_cycle()
    make_reviews(cycle, {(0, 0): 3, (1, 0): 4, (2, 0): 5, (3, 1): 6, (4, 1): 7, (5, 1): 8})
    candidate(cycle, nominee_first_name="Unreviewed")
    client.force_login(staff_user)

    html = client.get(f"/admin/review/committee/{cycle.pk}/").content.decode()

    # The candidate's cell may also hold the nominee's and guardian's answers.
    shown = re.findall(
        r"Candidate(\d)(?:(?!</td>).)*</td>\s*<td>[^<]*</td>\s*<td>[^<]*</td>\s*<td>(\d+)</td>",
        html,
        re.S,
    )
    # Normalised: 5 and 2 tie (raw mean breaks it), then 4 and 1, then 3 and 0.
    assert [(int(c), int(raw)) for c, raw in shown] == [
        (5, 1),
        (2, 4),
        (4, 2),
        (1, 5),
        (3, 3),
        (0, 6),
    ]
    assert (
        html.index("Candidate0") < html.index("Unreviewed") < html.index("No submitted reviews yet")
    )


def test_raw_places_treat_means_equal_to_the_shown_decimals_as_equal(db):
    """0.1, 1.3 and 2.2 average 1.2000000000000002 in floating point; beside an even 1.2 it
    is the same mean on screen, so candidate order decides."""
    cycle = make_cycle()
    dossiers, _ = make_reviews(
        cycle, {(0, 0): 1.2, (0, 1): 1.2, (0, 2): 1.2, (1, 0): 0.1, (1, 1): 1.3, (1, 2): 2.2}
    )

    places = raw_positions(cycle, [dossiers[0].pk, dossiers[1].pk])

    assert places == {dossiers[0].pk: 1, dossiers[1].pk: 2}
