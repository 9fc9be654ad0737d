"""Reviewer assignment as a minimum-cost flow: pure numpy + OR-Tools, no Django.

The domain operation that assigns reviewers loads candidates, enrolments, conflicts and the
assignments already made into an `AssignmentProblem` (integer indices into its own lists), calls
`solve_assignment`, shows `AssignmentResult.messages` on the staff preview, and writes one
Assignment row per row of `AssignmentResult.new_pairs` once staff confirm.

What the solver promises, in order of priority:

1. **Rules.** A new pair never joins a reviewer to a candidate outside the reviewer's
   categories, never repeats a conflict of interest, never duplicates a kept assignment and
   never takes a reviewer past their capacity. Kept (existing) assignments are never moved: they
   count toward the candidate's reviewers and toward the reviewer's capacity.
2. **Coverage.** Every candidate reaches `reviewers_per_candidate` reviewers. When that is
   impossible the solver still fills as many reviews as can be filled, sets `feasible` to False
   and explains the shortfall category by category (see `CategoryShortfall`). It never drops a
   rule to fill a gap.
3. **Balance.** Among those assignments, reviewer loads (kept + new) are as even as the rules
   allow: the solver minimises the sum of squared loads. Equivalently, the load vector is
   *decreasingly minimal* (Frank & Murota): the largest load is as small as it can be, then the
   next largest, and so on; no reviewer could hand one of their new candidates (directly,
   through a chain of swaps that respects every rule, or by leaving the review to a candidate
   still short) to a reviewer with room who carries at least two fewer candidates. The balance
   pool (`AssignmentResult.balance_pool`) is the reviewers with spare capacity and at least one
   eligible candidate still needing reviewers; whenever some assignment of maximum coverage
   keeps every pool reviewer within one candidate of the others, the solver's does too
   (`load_spread` <= 1). When categories, capacities or kept loads make that impossible (a
   small category with few reviewers, a reviewer whose capacity is below the even share), each
   part is as even as those constraints permit. Balance counts candidates, not a share of
   capacity.
4. **Affinity.** Among the most balanced assignments, the solver maximises total affinity. The
   affinity of a pair is `category_bonus` (1 point by default) when the reviewer lists the
   candidate's category as preferred, plus the weights of any declared preferences of that
   reviewer for that candidate (summed when declared twice; negative weights express a wish
   not to review). Each weight is rounded to 1/100 of a point (`AFFINITY_SCALE`) before use, and
   `affinity_of` scores any assignment the same way.

The flow network: source -> candidate (capacity: reviewers per candidate minus kept
reviewers), candidate -> reviewer (capacity 1, cost: -affinity), reviewer -> sink as unit slices
whose cost grows with the load the slice brings the reviewer to (a convex cost, hence balance),
and a dear source -> sink bypass that absorbs what cannot be assigned, so the solve always
succeeds and the shortfall is exactly the bypass flow. The three tiers of cost are scaled so
that no gain in a lower tier can pay for a loss in a higher one.

Scale: up to `full_graph_limit` possible pairs every pair is an arc. Beyond that the solve
starts from a sample (column generation): a relaxation with each category's candidates merged
into one node solves in milliseconds and says how many candidates of each category every
reviewer should take; each candidate is offered reviewers along those lines plus a spread of
others and every declared preference. After each solve, node potentials from the residual graph
price every left-out pair: if none has a negative reduced cost the flow is optimal for the full
problem (a certificate, not a heuristic); otherwise the most promising are added and the flow
solved again. Either way the answer is optimal for the full problem.
"""

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

AFFINITY_SCALE = 100  # affinity points are counted in hundredths

_MAX_PRICING_ROUNDS = 8
_CELLS_PER_CHUNK = 4_000_000


def _empty_pairs() -> np.ndarray:
    return np.empty((0, 2), dtype=np.int64)


def _empty_preferences() -> np.ndarray:
    return np.empty((0, 3), dtype=np.float64)


@dataclass(frozen=True, eq=False, kw_only=True)
class AssignmentProblem:
    """Everything the solver needs, as arrays of indices: candidates 0..n-1, reviewers 0..m-1,
    categories 0..C-1 (`category_names[code]` names them in messages).

    candidate_category: (n,) int, each candidate's category code.
    reviewer_capacity: (m,) int, the most candidates each reviewer takes, kept ones included.
    reviewer_categories: (m, C) bool, the categories each reviewer may review.
    reviewer_preferred_categories: (m, C) bool, categories they prefer (worth `category_bonus`).
    conflicts: (c, 2) int rows (candidate, reviewer) that must never be paired.
    existing: (e, 2) int rows (candidate, reviewer) already assigned and kept.
    preferences: (p, 3) rows (candidate, reviewer, weight in affinity points).
    new_reviewer_capacity: the capacity assumed for reviewers the messages suggest enrolling;
        None means the median capacity of the category's current reviewers.
    """

    candidate_category: np.ndarray
    reviewer_capacity: np.ndarray
    reviewer_categories: np.ndarray
    reviewer_preferred_categories: np.ndarray
    category_names: Sequence[str]
    reviewers_per_candidate: int = 3
    conflicts: np.ndarray = field(default_factory=_empty_pairs)
    existing: np.ndarray = field(default_factory=_empty_pairs)
    preferences: np.ndarray = field(default_factory=_empty_preferences)
    category_bonus: float = 1.0
    new_reviewer_capacity: int | None = None

    @property
    def n_candidates(self) -> int:
        return len(self.candidate_category)

    @property
    def n_reviewers(self) -> int:
        return len(self.reviewer_capacity)


@dataclass(frozen=True, kw_only=True)
class CategoryShortfall:
    """Why one category's candidates cannot all get `reviewers_per_candidate` reviewers, with the
    two ways out.

    candidates_short and reviews_missing describe the returned assignment, which fills as many
    reviews as possible. reviewers_to_enrol is the fewest new reviewers of this category (no
    conflicts, `enrol_capacity` candidates each) that would let every candidate of the category
    reach reviewers_per_candidate, and feasible_reviewers_per_candidate the largest number of
    reviewers every candidate of the category can reach with the current reviewers (0 when not
    even one each is possible). Both assume the other categories keep the reviewers the returned
    assignment gives them.
    """

    category: str
    reviewers_per_candidate: int
    candidates_short: int
    reviews_missing: int
    reviewers_to_enrol: int
    enrol_capacity: int
    feasible_reviewers_per_candidate: int

    @property
    def message(self) -> str:
        short, missing, enrol = self.candidates_short, self.reviews_missing, self.reviewers_to_enrol
        wanted, reachable = self.reviewers_per_candidate, self.feasible_reviewers_per_candidate
        text = (
            f"{short} {self.category} {_plural(short, 'candidate')} "
            f"{'lacks' if short == 1 else 'lack'} {wanted} conflict-free "
            f"{_plural(wanted, 'reviewer')} ({missing} {_plural(missing, 'review')} short): "
            f"enrol at least {enrol} more {self.category} {_plural(enrol, 'reviewer')} "
            f"(taking up to {self.enrol_capacity} each)"
        )
        if reachable >= 1:
            text += f" or ask for {reachable} {_plural(reachable, 'reviewer')} per candidate"
        return text


@dataclass(frozen=True, eq=False, kw_only=True)
class AssignmentResult:
    """The outcome of a solve.

    feasible: every candidate has `reviewers_per_candidate` reviewers (kept + new).
    new_pairs: (x, 2) int64 rows (candidate, reviewer) to create, sorted. When `feasible` is
        False these are still the best partial assignment (as many reviews as possible,
        balanced, best affinity); the caller must show `messages` and commit them only when
        staff accept a partial assignment explicitly.
    loads: (m,) total load of each reviewer, kept + new.
    missing: (n,) reviewers each candidate still lacks after the new pairs (0 when served).
    total_affinity: affinity of the whole assignment (kept + new pairs), in points.
    balance_pool: (m,) reviewers the balance promise covers: spare capacity and at least one
        eligible candidate needing reviewers, before the solve.
    shortfalls: one entry per category with candidates left short, in category-code order.
    messages: human sentences for staff: one per shortfall, then a warning about kept pairs
        that break a rule (conflict or category), if any.
    existing_violations: (v, 2) kept pairs that break a conflict or the reviewer's categories;
        they are kept (staff remove assignments, not the solver) but reported.
    stats: timings in seconds and sizes, for benchmarks.
    """

    feasible: bool
    new_pairs: np.ndarray
    loads: np.ndarray
    missing: np.ndarray
    total_affinity: float
    balance_pool: np.ndarray
    shortfalls: list[CategoryShortfall] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    existing_violations: np.ndarray = field(default_factory=_empty_pairs)
    stats: dict = field(default_factory=dict)

    @property
    def load_spread(self) -> int:
        """Max minus min load over the balance pool (0 when the pool is empty)."""
        pool_loads = self.loads[self.balance_pool]
        return int(pool_loads.max() - pool_loads.min()) if pool_loads.size else 0


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


@dataclass(eq=False)
class _Prepared:
    """Validated, normalised input and what follows from it."""

    n: int
    m: int
    reviewers_per_candidate: int
    names: list[str]
    category: np.ndarray  # (n,)
    capacity: np.ndarray  # (m,)
    reviews: np.ndarray  # (m, C)
    prefers: np.ndarray  # (m, C)
    bonus: int
    preference_keys: np.ndarray  # sorted candidate * m + reviewer
    preference_values: np.ndarray  # scaled, summed per pair
    existing: np.ndarray  # unique rows
    existing_violations: np.ndarray
    kept_count: np.ndarray  # (n,) kept reviewers per candidate
    kept_load: np.ndarray  # (m,) kept assignments per reviewer
    need: np.ndarray  # (n,) reviewers still needed
    spare: np.ndarray  # (m,) capacity left
    eligible: np.ndarray  # (n, m) a new pair is allowed (category, no conflict, not kept)
    new_reviewer_capacity: int | None


def _unique(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sorting beats numpy's hash-based unique on large int arrays)."""
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def _as_pairs(values: np.ndarray, n: int, m: int, what: str) -> np.ndarray:
    """(x, 2) rows of (candidate, reviewer), checked, deduplicated and sorted."""
    array = np.asarray(values)
    if array.size == 0:
        return _empty_pairs()
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"{what} must be an (x, 2) array of (candidate, reviewer) rows")
    array = array.astype(np.int64)
    if (array[:, 0] < 0).any() or (array[:, 0] >= n).any():
        raise ValueError(f"{what} refers to a candidate index outside 0..{n - 1}")
    if (array[:, 1] < 0).any() or (array[:, 1] >= m).any():
        raise ValueError(f"{what} refers to a reviewer index outside 0..{m - 1}")
    return np.stack(np.divmod(_unique(array[:, 0] * m + array[:, 1]), m), axis=1)


def _prepare(problem: AssignmentProblem) -> _Prepared:
    """Check the input, normalise it (dedupe and sort pairs, so row order never matters) and
    derive needs, spare capacities and the allowed new pairs."""
    category = np.asarray(problem.candidate_category, dtype=np.int64).reshape(-1)
    capacity = np.asarray(problem.reviewer_capacity, dtype=np.int64).reshape(-1)
    names = list(problem.category_names)
    n, m, n_categories = len(category), len(capacity), len(names)
    reviews = np.asarray(problem.reviewer_categories, dtype=bool).reshape(m, n_categories)
    prefers = np.asarray(problem.reviewer_preferred_categories, dtype=bool).reshape(m, n_categories)
    if problem.reviewers_per_candidate < 0:
        raise ValueError("reviewers_per_candidate must be at least 0")
    if n and ((category < 0).any() or (category >= n_categories).any()):
        raise ValueError(f"candidate_category codes must lie in 0..{n_categories - 1}")
    if (capacity < 0).any():
        raise ValueError("reviewer_capacity must not be negative")
    if problem.category_bonus < 0:
        raise ValueError("category_bonus must not be negative")

    conflicts = _as_pairs(problem.conflicts, n, m, "conflicts")
    existing = _as_pairs(problem.existing, n, m, "existing")

    preferences = np.asarray(problem.preferences, dtype=np.float64)
    if preferences.size:
        if preferences.ndim != 2 or preferences.shape[1] != 3:
            raise ValueError("preferences must be a (p, 3) array of (candidate, reviewer, weight)")
        _as_pairs(preferences[:, :2], n, m, "preferences")  # checks the indices
        keys = preferences[:, 0].astype(np.int64) * m + preferences[:, 1].astype(np.int64)
        # Round each weight before summing: integer sums do not depend on row order.
        if not np.isfinite(preferences[:, 2]).all():
            raise ValueError("preference weights must be finite numbers")
        weights = np.rint(preferences[:, 2] * AFFINITY_SCALE).astype(np.int64)
        preference_keys, inverse = np.unique(keys, return_inverse=True)
        preference_values = np.zeros(len(preference_keys), dtype=np.int64)
        np.add.at(preference_values, inverse, weights)
    else:
        preference_keys = np.empty(0, dtype=np.int64)
        preference_values = np.empty(0, dtype=np.int64)

    existing_per_candidate = np.bincount(existing[:, 0], minlength=n)
    existing_per_reviewer = np.bincount(existing[:, 1], minlength=m)
    need = np.maximum(problem.reviewers_per_candidate - existing_per_candidate, 0)
    spare = np.maximum(capacity - existing_per_reviewer, 0)

    eligible = reviews[:, category].T.copy() if n and m else np.zeros((n, m), dtype=bool)
    wrong_category = (
        ~eligible[existing[:, 0], existing[:, 1]] if len(existing) else np.zeros(0, dtype=bool)
    )
    conflicted = np.zeros(n * m, dtype=bool)
    conflicted[conflicts[:, 0] * m + conflicts[:, 1]] = True
    in_conflict = conflicted[existing[:, 0] * m + existing[:, 1]]
    existing_violations = existing[wrong_category | in_conflict]
    eligible[conflicts[:, 0], conflicts[:, 1]] = False
    eligible[existing[:, 0], existing[:, 1]] = False

    return _Prepared(
        n=n,
        m=m,
        reviewers_per_candidate=int(problem.reviewers_per_candidate),
        names=names,
        category=category,
        capacity=capacity,
        reviews=reviews,
        prefers=prefers,
        bonus=round(problem.category_bonus * AFFINITY_SCALE),
        preference_keys=preference_keys,
        preference_values=preference_values,
        existing=existing,
        existing_violations=existing_violations,
        kept_count=existing_per_candidate.astype(np.int64),
        kept_load=existing_per_reviewer.astype(np.int64),
        need=need,
        spare=spare,
        eligible=eligible,
        new_reviewer_capacity=problem.new_reviewer_capacity,
    )


def _pair_affinity(prep: _Prepared, candidates: np.ndarray, reviewers: np.ndarray) -> np.ndarray:
    """Scaled integer affinity of each (candidate, reviewer) pair."""
    affinity = prep.bonus * prep.prefers[reviewers, prep.category[candidates]].astype(np.int64)
    if len(prep.preference_keys) and len(candidates):
        keys = candidates * prep.m + reviewers
        slot = np.searchsorted(prep.preference_keys, keys)
        slot = np.minimum(slot, len(prep.preference_keys) - 1)
        found = prep.preference_keys[slot] == keys
        affinity[found] += prep.preference_values[slot[found]]
    return affinity


def affinity_of(problem: AssignmentProblem, pairs: np.ndarray) -> float:
    """Total affinity, in points, of the (candidate, reviewer) rows in `pairs`, scored exactly
    as the solver scores them (rounded to 1/AFFINITY_SCALE per weight)."""
    prep = _prepare(problem)
    return _affinity_points(prep, np.asarray(pairs, dtype=np.int64).reshape(-1, 2))


def _affinity_points(prep: _Prepared, pairs: np.ndarray) -> float:
    return int(_pair_affinity(prep, pairs[:, 0], pairs[:, 1]).sum()) / AFFINITY_SCALE


@dataclass(eq=False)
class _Flow:
    left_flow: np.ndarray  # units leaving each left node (candidate or category)
    pair_flow: np.ndarray  # units on each left -> reviewer arc
    new_load: np.ndarray  # (m,) new units per reviewer
    bypass_flow: int
    build_seconds: float  # arc arrays and the bulk add
    solve_seconds: float  # OR-Tools solve and reading the flows back


def _flow_network(
    supply: np.ndarray,
    pair_left: np.ndarray,
    pair_r: np.ndarray,
    pair_capacity: np.ndarray,
    pair_cost: np.ndarray,
    kept_load: np.ndarray,
    slices: np.ndarray,
    big: int,
    bypass_cost: int,
) -> _Flow:
    """One OR-Tools solve, every arc added in one bulk call: source -> left node (capacity
    `supply`), left -> reviewer (`pair_capacity`, `pair_cost`), reviewer -> sink as unit slices
    costing `big` times the total load each brings the reviewer to, and source -> sink at
    `bypass_cost` for whatever cannot be placed."""
    started = time.perf_counter()
    left, m = len(supply), len(kept_load)
    source, sink = left + m, left + m + 1
    total = int(supply.sum())
    fed = np.nonzero(supply > 0)[0]
    slice_reviewer = np.repeat(np.arange(m, dtype=np.int64), slices)
    slice_level = (
        np.arange(len(slice_reviewer), dtype=np.int64)
        - np.repeat(np.cumsum(slices) - slices, slices)
        + 1
        + np.repeat(kept_load, slices)
    )
    tails = np.concatenate([np.full(len(fed), source), pair_left, left + slice_reviewer, [source]])
    heads = np.concatenate([fed, left + pair_r, np.full(len(slice_reviewer), sink), [sink]])
    capacities = np.concatenate(
        [supply[fed], pair_capacity, np.ones(len(slice_reviewer), dtype=np.int64), [total]]
    )
    costs = np.concatenate(
        [np.zeros(len(fed), dtype=np.int64), pair_cost, big * slice_level, [bypass_cost]]
    )
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        capacities.astype(np.int64),
        costs.astype(np.int64),
    )
    solver.set_node_supply(source, total)
    solver.set_node_supply(sink, -total)
    built = time.perf_counter()
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = np.asarray(solver.flows(np.arange(len(tails), dtype=np.int32)), dtype=np.int64)
    left_flow = np.zeros(left, dtype=np.int64)
    left_flow[fed] = flows[: len(fed)]
    pair_flow = flows[len(fed) : len(fed) + len(pair_left)]
    return _Flow(
        left_flow=left_flow,
        pair_flow=pair_flow,
        new_load=np.bincount(pair_r, weights=pair_flow, minlength=m).astype(np.int64),
        bypass_flow=int(flows[-1]),
        build_seconds=built - started,
        solve_seconds=time.perf_counter() - built,
    )


def _scrambled(values: np.ndarray) -> np.ndarray:
    """`values` in a fixed scrambled order, so neighbouring indices do not share windows."""
    scramble = (values.astype(np.uint64) * np.uint64(2654435761)) % np.uint64(1 << 32)
    return values[np.argsort(scramble, kind="stable")]


def _windows(candidates: np.ndarray, cycle: np.ndarray, width: int, m: int) -> np.ndarray:
    """Pair keys giving each candidate `width` consecutive entries of `cycle`, the candidates'
    windows starting evenly spaced around it."""
    start = np.arange(len(candidates), dtype=np.int64) * len(cycle) // len(candidates)
    window = cycle[(start[:, None] + np.arange(width)) % len(cycle)]
    return (candidates[:, None] * m + window).reshape(-1)


def _guided_sample(
    prep: _Prepared,
    active: np.ndarray,
    per_candidate: int,
    slices: np.ndarray,
    big: int,
    bypass_cost: int,
) -> np.ndarray:
    """A starting set of pair keys, guided by a relaxation that solves in milliseconds: the
    same flow with each category's candidates merged into one node (blind to conflicts and
    declared preferences). Its answer says how many of a category's candidates each reviewer
    would take. Two thirds of each candidate's `per_candidate` reviewers come from a window on
    a cycle where every reviewer of the category appears that many times, evenly spread, so
    the sample holds a near-optimal assignment; the last third from a window on the category's
    whole pool, for room to route around conflicts and preferences. Every declared preference
    is added. Pricing adds whatever else could matter."""
    m, categories = prep.m, len(prep.names)
    demand = np.bincount(prep.category, weights=prep.need, minlength=categories).astype(np.int64)
    counts = np.zeros((categories, m), dtype=np.int64)
    for code in range(categories):
        counts[code] = active[prep.category == code].sum(axis=0)
    group, reviewer = np.nonzero(counts)
    relaxed = _flow_network(
        demand,
        group,
        reviewer,
        counts[group, reviewer],
        -prep.bonus * prep.prefers[reviewer, group].astype(np.int64),
        prep.kept_load,
        slices,
        big,
        bypass_cost,
    )
    shares = np.zeros((categories, m), dtype=np.int64)
    shares[group, reviewer] = relaxed.pair_flow
    guided = max(1, (2 * per_candidate) // 3)
    spread = max(1, per_candidate - guided)
    chunks = [prep.preference_keys[active.reshape(-1)[prep.preference_keys]]]
    for code in range(categories):
        candidates = np.nonzero((prep.category == code) & (prep.need > 0))[0]
        if not len(candidates):
            continue
        takers = np.nonzero(shares[code])[0]
        if len(takers):
            times = shares[code, takers]
            owner = np.repeat(takers, times)
            rank = np.arange(len(owner)) - np.repeat(np.cumsum(times) - times, times)
            position = (2 * rank + 1) / (2 * np.repeat(times, times))
            cycle = owner[np.lexsort((owner, position))]
            chunks.append(_windows(candidates, cycle, guided, m))
        pool = np.nonzero(counts[code])[0]
        if len(pool):
            chunks.append(_windows(candidates, _scrambled(pool), min(spread, len(pool)), m))
    keys = _unique(np.concatenate(chunks))
    return keys[active.reshape(-1)[keys]]


def _potentials(
    prep: _Prepared,
    pair_c: np.ndarray,
    pair_r: np.ndarray,
    pair_cost: np.ndarray,
    flow: _Flow,
    slices: np.ndarray,
    big: int,
    bypass_cost: int,
) -> np.ndarray:
    """Node potentials proving the flow optimal on its arc set: shortest-path distances in the
    residual graph from a virtual root joined to every node at cost 0 (Bellman-Ford, one
    vectorised sweep per round). An optimal flow leaves no negative cycle, so they exist, and
    every residual arc then has a non-negative reduced cost. Slices are summarised by the two
    that matter per reviewer: the next free one and the last used one."""
    n, m = prep.n, prep.m
    source, sink = n + m, n + m + 1
    served = np.nonzero(prep.need > 0)[0]
    served_flow = flow.left_flow[served]
    reviewers = np.arange(m, dtype=np.int64)
    level = prep.kept_load + flow.new_load
    free_pair = flow.pair_flow == 0
    room = flow.new_load < slices
    used = flow.new_load > 0
    open_source = served_flow < prep.need[served]
    used_source = served_flow > 0
    parts = [
        (np.full(open_source.sum(), source), served[open_source], 0),
        (served[used_source], np.full(used_source.sum(), source), 0),
        (pair_c[free_pair], n + pair_r[free_pair], pair_cost[free_pair]),
        (n + pair_r[~free_pair], pair_c[~free_pair], -pair_cost[~free_pair]),
        (n + reviewers[room], np.full(room.sum(), sink), big * (level[room] + 1)),
        (np.full(used.sum(), sink), n + reviewers[used], -big * level[used]),
    ]
    total_need = int(prep.need.sum())
    if flow.bypass_flow < total_need:
        parts.append((np.array([source]), np.array([sink]), bypass_cost))
    if flow.bypass_flow > 0:
        parts.append((np.array([sink]), np.array([source]), -bypass_cost))
    tails = np.concatenate([np.asarray(t, dtype=np.int64) for t, _, _ in parts])
    heads = np.concatenate([np.asarray(h, dtype=np.int64) for _, h, _ in parts])
    costs = np.concatenate(
        [np.broadcast_to(np.asarray(c, dtype=np.int64), len(h)) for _, h, c in parts]
    )
    distance = np.zeros(n + m + 2, dtype=np.int64)
    if not len(tails):
        return distance
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    targets, starts = np.unique(heads, return_index=True)
    for _ in range(n + m + 3):
        best = np.minimum.reduceat(distance[tails] + costs, starts)
        lower = best < distance[targets]
        if not lower.any():
            return distance
        distance[targets[lower]] = best[lower]
    raise RuntimeError("negative cycle in the residual graph: the flow is not optimal")


def _price(
    prep: _Prepared,
    active: np.ndarray,
    in_set: np.ndarray,
    potentials: np.ndarray,
    per_candidate: int,
) -> np.ndarray:
    """Keys of left-out pairs with a negative reduced cost, the only ones that could improve
    the flow: at most `per_candidate` per candidate, the most negative first. Declared
    preferences are always in the set, so a left-out pair's affinity is its category bonus."""
    n, m = prep.n, prep.m
    rows = np.nonzero(prep.need > 0)[0]
    candidate_distance = potentials[:n]
    reviewer_distance = potentials[n : n + m]
    found_keys, found_costs = [], []
    step = max(1, _CELLS_PER_CHUNK // max(m, 1))
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        open_pairs = active[chunk] & ~in_set[chunk]
        if not open_pairs.any():
            continue
        affinity = prep.bonus * prep.prefers[:, prep.category[chunk]].T.astype(np.int64)
        reduced = candidate_distance[chunk][:, None] - affinity - reviewer_distance[None, :]
        local, reviewer = np.nonzero(open_pairs & (reduced < 0))
        found_keys.append(chunk[local] * m + reviewer)
        found_costs.append(reduced[local, reviewer])
    if not found_keys:
        return np.empty(0, dtype=np.int64)
    keys, costs = np.concatenate(found_keys), np.concatenate(found_costs)
    candidate = keys // m
    order = np.lexsort((keys, costs, candidate))
    keys, candidate = keys[order], candidate[order]
    first = np.searchsorted(candidate, candidate)
    return np.sort(keys[np.arange(len(keys)) - first < per_candidate])


def solve_assignment(
    problem: AssignmentProblem,
    *,
    full_graph_limit: int = 200_000,
    sample_per_candidate: int = 16,
) -> AssignmentResult:
    """Assign reviewers to every candidate needing them (see the module docstring for the
    rules, the balance and affinity definitions and what happens when it cannot be done).

    Pure: reads `problem`, returns a new result, no side effects. Deterministic: the same
    problem gives identical arrays, whatever the order of rows in conflicts, existing and
    preferences. Up to `full_graph_limit` possible pairs every pair is an arc; above it the
    solve starts from `sample_per_candidate` reviewers per candidate and prices the rest in.
    Both are only about speed: the loads' balance and the total affinity are optimal either way
    (among equally good assignments, the one returned may differ).
    """
    started = time.perf_counter()
    prep = _prepare(problem)
    n, m = prep.n, prep.m
    active = prep.eligible & (prep.need > 0)[:, None] & (prep.spare > 0)[None, :]
    degree = active.sum(axis=0).astype(np.int64)
    balance_pool = (prep.spare > 0) & (degree > 0)
    total_need = int(prep.need.sum())
    slice_limit = np.minimum(prep.spare, degree)
    typical = math.ceil(
        (total_need + int(prep.kept_load[balance_pool].sum())) / max(1, int(balance_pool.sum()))
    )
    slices = np.minimum(slice_limit, max(2 * typical + prep.reviewers_per_candidate, 16))

    affinity_high = prep.bonus + max(0, int(prep.preference_values.max(initial=0)))
    affinity_low = min(0, int(prep.preference_values.min(initial=0)))
    # No chain of swaps visits more than min(n, m) + 1 candidates, so its affinity gain stays
    # below `big`, one step of balance; likewise one more review outweighs any balance change.
    big = (affinity_high - affinity_low) * (min(n, m) + 1) + 1
    bypass_cost = big * (int((prep.kept_load + slice_limit).max(initial=0)) + 2)
    if bypass_cost * (n + m + 3) >= 2**62:  # OR-Tools scales costs by the node count
        raise ValueError(
            "affinity weights too large for exact integer costs at this size; keep declared "
            "preference weights within a few hundred points"
        )

    sampled = int(np.count_nonzero(active)) > full_graph_limit
    keys = (
        _guided_sample(prep, active, sample_per_candidate, slices, big, bypass_cost)
        if sampled
        else np.flatnonzero(active)
    )
    prepare_seconds = time.perf_counter() - started
    build_seconds = solve_seconds = pricing_seconds = 0.0
    rounds = 0
    while True:
        rounds += 1
        pair_c, pair_r = np.divmod(keys, m) if m else (keys, keys)
        pair_cost = -_pair_affinity(prep, pair_c, pair_r)
        flow = _flow_network(
            prep.need,
            pair_c,
            pair_r,
            np.ones(len(keys), dtype=np.int64),
            pair_cost,
            prep.kept_load,
            slices,
            big,
            bypass_cost,
        )
        build_seconds += flow.build_seconds
        solve_seconds += flow.solve_seconds
        changed = False
        if sampled:
            pricing_started = time.perf_counter()
            if rounds >= _MAX_PRICING_ROUNDS:
                keys, sampled, changed = np.flatnonzero(active), False, True
            else:
                potentials = _potentials(
                    prep, pair_c, pair_r, pair_cost, flow, slices, big, bypass_cost
                )
                in_set = np.zeros(n * m, dtype=bool)
                in_set[keys] = True
                better = _price(
                    prep, active, in_set.reshape(n, m), potentials, sample_per_candidate
                )
                if len(better):
                    keys = _unique(np.concatenate([keys, better]))
                    changed = True
            pricing_seconds += time.perf_counter() - pricing_started
        # A reviewer using every slice offered may deserve more: offer more and solve again.
        saturated = (flow.new_load >= slices) & (slices < slice_limit)
        if saturated.any():
            slices[saturated] = np.minimum(slice_limit[saturated], 2 * slices[saturated] + 1)
            changed = True
        if not changed:
            break

    pairs = np.stack([pair_c, pair_r], axis=1)[flow.pair_flow > 0]
    missing = prep.need - flow.left_flow
    loads = prep.kept_load + flow.new_load
    feasible = flow.bypass_flow == 0
    analysis_started = time.perf_counter()
    shortfalls = [] if feasible else _category_shortfalls(prep, pairs, missing)
    analysis_seconds = time.perf_counter() - analysis_started
    return AssignmentResult(
        feasible=feasible,
        new_pairs=pairs,
        loads=loads,
        missing=missing,
        total_affinity=_affinity_points(prep, np.concatenate([prep.existing, pairs])),
        balance_pool=balance_pool,
        shortfalls=shortfalls,
        messages=[shortfall.message for shortfall in shortfalls] + _violation_messages(prep),
        existing_violations=prep.existing_violations,
        stats={
            "prepare_seconds": prepare_seconds,
            "build_seconds": build_seconds,
            "solve_seconds": solve_seconds,
            "pricing_seconds": pricing_seconds,
            "analysis_seconds": analysis_seconds,
            "total_seconds": time.perf_counter() - started,
            "rounds": rounds,
            "pair_arcs": len(keys),
            "possible_pairs": int(np.count_nonzero(active)),
        },
    )


def _violation_messages(prep: _Prepared) -> list[str]:
    count = len(prep.existing_violations)
    if not count:
        return []
    return [
        f"{count} kept {_plural(count, 'assignment')} {'breaks' if count == 1 else 'break'} a "
        "conflict of interest or the reviewer's categories; kept assignments count toward each "
        "candidate's reviewers and each reviewer's capacity until staff remove them."
    ]


def _enrol_capacity(prep: _Prepared, code: int) -> int:
    """The capacity assumed for a reviewer the messages suggest enrolling in a category."""
    if prep.new_reviewer_capacity is not None:
        return max(1, int(prep.new_reviewer_capacity))
    for capacities in (prep.capacity[prep.reviews[:, code]], prep.capacity):
        if len(capacities):
            return max(1, int(np.median(capacities)))
    return max(1, int((prep.category == code).sum()))


class _CategoryCheck:
    """Max-flow feasibility for one category's candidates on their own, the other categories
    keeping the reviewers they were given, with an optional pool of X new conflict-free
    reviewers of `enrol_capacity` each. X identical new reviewers are one pool node: a candidate
    may take up to X reviews from it and the pool up to X * enrol_capacity in all, which X
    distinct people can always cover (deal the reviews round-robin)."""

    def __init__(self, prep: _Prepared, members: np.ndarray, room: np.ndarray, enrol: int):
        self.prep, self.members, self.enrol = prep, members, enrol
        count, m = len(members), prep.m
        pool, self.source, self.sink = count + m, count + m + 1, count + m + 2
        local = np.arange(count, dtype=np.int64)
        cand, reviewer = np.nonzero(prep.eligible[members] & (room > 0)[None, :])
        open_reviewers = np.nonzero(room > 0)[0]
        tails = np.concatenate(
            [np.full(count, self.source), local, [pool], cand, count + open_reviewers]
        )
        heads = np.concatenate(
            [
                local,
                np.full(count, pool),
                [self.sink],
                count + reviewer,
                np.full(len(open_reviewers), self.sink),
            ]
        )
        capacities = np.concatenate(
            [
                np.zeros(2 * count + 1, dtype=np.int64),
                np.ones(len(cand), dtype=np.int64),
                room[open_reviewers],
            ]
        )
        self.solver = max_flow.SimpleMaxFlow()
        self.solver.add_arcs_with_capacity(
            tails.astype(np.int32), heads.astype(np.int32), capacities.astype(np.int64)
        )
        self.adjustable = np.arange(2 * count + 1, dtype=np.int32)

    def feasible(self, reviewers_per_candidate: int, enrolled: int) -> bool:
        need = np.maximum(reviewers_per_candidate - self.prep.kept_count[self.members], 0)
        capacities = np.concatenate([need, np.minimum(need, enrolled), [enrolled * self.enrol]])
        self.solver.set_arcs_capacity(self.adjustable, capacities.astype(np.int64))
        status = self.solver.solve(self.source, self.sink)
        if status != self.solver.OPTIMAL:
            raise RuntimeError(f"max flow failed with status {status}")
        return self.solver.optimal_flow() == int(need.sum())


def _category_shortfalls(
    prep: _Prepared, pairs: np.ndarray, missing: np.ndarray
) -> list[CategoryShortfall]:
    """Per category with candidates left short: how many, how many reviews are missing, the
    fewest reviewers to enrol (binary search between a capacity bound and filling the returned
    assignment's gaps) and the most reviewers per candidate the category can reach now."""
    shortfalls = []
    for code, name in enumerate(prep.names):
        members = np.nonzero(prep.category == code)[0]
        gaps = missing[members]
        if not (gaps > 0).any():
            continue
        others = prep.category[pairs[:, 0]] != code
        room = np.maximum(prep.spare - np.bincount(pairs[others, 1], minlength=prep.m), 0)
        enrol = _enrol_capacity(prep, code)
        check = _CategoryCheck(prep, members, room, enrol)
        fewest = max(1, math.ceil(int(gaps.sum()) / enrol))
        enough = max(int(gaps.max()), fewest)
        while fewest < enough:
            middle = (fewest + enough) // 2
            if check.feasible(prep.reviewers_per_candidate, middle):
                enough = middle
            else:
                fewest = middle + 1
        reachable = next(
            (
                lower
                for lower in range(prep.reviewers_per_candidate - 1, 0, -1)
                if check.feasible(lower, 0)
            ),
            0,
        )
        shortfalls.append(
            CategoryShortfall(
                category=name,
                reviewers_per_candidate=prep.reviewers_per_candidate,
                candidates_short=int((gaps > 0).sum()),
                reviews_missing=int(gaps.sum()),
                reviewers_to_enrol=enough,
                enrol_capacity=enrol,
                feasible_reviewers_per_candidate=reachable,
            )
        )
    return shortfalls


def greedy_assignment(problem: AssignmentProblem) -> AssignmentResult:
    """A simple, honest baseline for benchmarks, never for production: candidates in index
    order each take the eligible reviewers with spare capacity that carry the fewest
    candidates so far, ties going to the higher affinity, then the lower index. Same rules,
    same scoring; no look-ahead, so it can leave candidates short that the solver would serve,
    and it reports no category analysis."""
    started = time.perf_counter()
    prep = _prepare(problem)
    load = prep.kept_load.copy()
    room = prep.spare.copy()
    missing = prep.need.copy()
    chosen = []
    for candidate in np.nonzero(prep.need > 0)[0]:
        reviewers = np.nonzero(prep.eligible[candidate] & (room > 0))[0]
        wanted = int(prep.need[candidate])
        if len(reviewers) > wanted:
            affinity = _pair_affinity(prep, np.full(len(reviewers), candidate), reviewers)
            reviewers = reviewers[np.lexsort((reviewers, -affinity, load[reviewers]))[:wanted]]
        load[reviewers] += 1
        room[reviewers] -= 1
        missing[candidate] -= len(reviewers)
        chosen.append(np.stack([np.full(len(reviewers), candidate), np.sort(reviewers)], axis=1))
    pairs = np.concatenate(chosen) if chosen else _empty_pairs()
    active = prep.eligible & (prep.need > 0)[:, None] & (prep.spare > 0)[None, :]
    short = int((missing > 0).sum())
    messages = (
        [f"{short} {_plural(short, 'candidate')} left short by the greedy baseline"]
        if short
        else []
    )
    return AssignmentResult(
        feasible=short == 0,
        new_pairs=pairs.astype(np.int64),
        loads=load,
        missing=missing,
        total_affinity=_affinity_points(prep, np.concatenate([prep.existing, pairs])),
        balance_pool=(prep.spare > 0) & active.any(axis=0),
        messages=messages,
        existing_violations=prep.existing_violations,
        stats={"total_seconds": time.perf_counter() - started},
    )
