"""Disagreement flags: by default a share of the rubric's range, so a wide rubric is not flagged
for ordinary spread; a fixed number of points where staff set one."""

import random
from decimal import Decimal

from awards.models import Cycle
from review.domain.ranking import compute_ranking, flagged_count
from review.models import Criterion, ReviewSettings, Rubric
from tests.factories import CycleFactory
from tests.review.test_ranking import make_reviews

# The rule as the issue states it: flag a spread beyond a quarter of the rubric's range.
SHARE = 0.25


def cycle_with_rubric(low: int, high: int, **review_settings) -> Cycle:
    cycle = CycleFactory()
    rubric = Rubric.objects.create(cycle=cycle)
    Criterion.objects.create(rubric=rubric, name="Impact", scale_min=low, scale_max=high)
    ReviewSettings.objects.create(cycle=cycle, **review_settings)
    return cycle


def typical_scores(low: int, high: int, candidates=9, reviewers=3, seed=7) -> dict:
    """Reviewers who broadly agree: each total within a sixth of the range of the candidate's
    merit, except for two candidates the reviewers really see differently."""
    rng = random.Random(seed)
    width = high - low
    table = {}
    for c in range(candidates):
        merit = rng.uniform(low + width * 0.25, high - width * 0.25)
        for r in range(reviewers):
            noise = rng.uniform(-width / 12, width / 12)
            table[c, r] = round(min(max(merit + noise, low), high))
    for c in (0, 1):  # real disagreement: half the range apart
        table[c, 0], table[c, 1] = low + width * 0.2, low + width * 0.7
    return table


def spread_flags(table: dict, limit: float) -> set[int]:
    totals: dict[int, list[float]] = {}
    for (c, _), total in table.items():
        totals.setdefault(c, []).append(total)
    return {c for c, values in totals.items() if max(values) - min(values) > limit}


def flagged_candidates(cycle, dossiers) -> set[int]:
    number = {dossier.pk: c for c, dossier in dossiers.items()}
    return {number[entry.dossier_id] for entry in compute_ranking(cycle).entries if entry.flagged}


def test_a_wide_rubric_with_typical_spread_flags_only_real_disagreement(db):
    cycle = cycle_with_rubric(1, 40)  # no threshold chosen: the default applies
    table = typical_scores(1, 40)
    dossiers, _ = make_reviews(cycle, table)
    flagged = flagged_candidates(cycle, dossiers)
    assert flagged == spread_flags(table, SHARE * (40 - 1))
    assert flagged == {0, 1}
    assert flagged_count(Cycle.objects.get(pk=cycle.pk)) == 2
    # The old fixed default of 3 points flagged most of the same candidates.
    assert len(spread_flags(table, 3)) > len(table) // 3 // 2


def test_the_default_scales_with_the_rubric(db):
    narrow, wide = cycle_with_rubric(0, 10), cycle_with_rubric(0, 100)
    table = {(0, 0): 2, (0, 1): 5, (1, 0): 6, (1, 1): 7}
    narrow_dossiers, _ = make_reviews(narrow, table)
    wide_dossiers, _ = make_reviews(wide, {key: total * 10 for key, total in table.items()})
    assert flagged_candidates(narrow, narrow_dossiers) == {0}
    assert flagged_candidates(wide, wide_dossiers) == {0}


def test_a_percentage_staff_choose_applies(db):
    cycle = cycle_with_rubric(0, 10, disagreement_percent=50)
    table = {(0, 0): 2, (0, 1): 5, (1, 0): 1, (1, 1): 9}
    dossiers, _ = make_reviews(cycle, table)
    assert flagged_candidates(cycle, dossiers) == spread_flags(table, 0.5 * 10) == {1}


def test_a_fixed_number_of_points_staff_set_wins_over_the_percentage(db):
    cycle = cycle_with_rubric(1, 40, disagreement_threshold=Decimal(3))
    table = {(0, 0): 20, (0, 1): 24, (1, 0): 20, (1, 1): 22}
    dossiers, _ = make_reviews(cycle, table)
    assert flagged_candidates(cycle, dossiers) == {0}
    assert flagged_count(Cycle.objects.get(pk=cycle.pk)) == 1


def test_ranking_screen_states_the_threshold_in_points_and_percent(client, staff_user, db):
    cycle = cycle_with_rubric(1, 41)
    make_reviews(cycle, {(0, 0): 20})
    client.force_login(staff_user)
    html = client.get(f"/admin/review/ranking/{cycle.pk}/").content.decode()
    assert "differ by more than 10 (25% of the rubric's range)" in html
