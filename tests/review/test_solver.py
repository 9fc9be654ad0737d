"""The reviewer assignment solver, on its own: no database, no Django.

Hand-made cases pin exact pairs and messages; property tests (hypothesis) check every rule,
coverage, balance and affinity on random small problems against independent oracles written
here: a plain max-flow with lower bounds, a residual-graph search and, for tiny problems, a
brute force over every assignment.
"""

import itertools
from collections import deque

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review.domain.solver import (
    AssignmentProblem,
    affinity_of,
    greedy_assignment,
    solve_assignment,
)

CATEGORIES = ["teacher", "principal", "staff", "student"]
TEACHER, PRINCIPAL, STAFF, STUDENT = range(4)


def make_problem(
    categories,
    capacities,
    reviews,
    prefers=None,
    *,
    reviewers_per_candidate=3,
    conflicts=(),
    existing=(),
    preferences=(),
    names=CATEGORIES,
    **extra,
) -> AssignmentProblem:
    """A problem from plain lists; `reviews`/`prefers` list category codes per reviewer."""
    m, n_categories = len(capacities), len(names)
    reviews_matrix = np.zeros((m, n_categories), dtype=bool)
    prefers_matrix = np.zeros((m, n_categories), dtype=bool)
    for reviewer, codes in enumerate(reviews):
        reviews_matrix[reviewer, list(codes)] = True
    for reviewer, codes in enumerate(prefers or [()] * m):
        prefers_matrix[reviewer, list(codes)] = True
    return AssignmentProblem(
        candidate_category=np.array(categories, dtype=np.int64),
        reviewer_capacity=np.array(capacities, dtype=np.int64),
        reviewer_categories=reviews_matrix,
        reviewer_preferred_categories=prefers_matrix,
        category_names=names,
        reviewers_per_candidate=reviewers_per_candidate,
        conflicts=np.array(conflicts, dtype=np.int64).reshape(-1, 2),
        existing=np.array(existing, dtype=np.int64).reshape(-1, 2),
        preferences=np.array(preferences, dtype=np.float64).reshape(-1, 3),
        **extra,
    )


def pairs_of(result) -> list[tuple[int, int]]:
    return [tuple(int(value) for value in row) for row in result.new_pairs]


# --- Independent oracles -------------------------------------------------------------------


class Facts:
    """What the rules allow, worked out from the problem in plain Python."""

    def __init__(self, problem: AssignmentProblem):
        self.n, self.m = problem.n_candidates, problem.n_reviewers
        self.reviewers_per_candidate = problem.reviewers_per_candidate
        self.category = [int(code) for code in problem.candidate_category]
        self.capacity = [int(value) for value in problem.reviewer_capacity]
        self.conflicts = {tuple(map(int, row)) for row in problem.conflicts}
        self.existing = {tuple(map(int, row)) for row in problem.existing}
        self.kept_count = [0] * self.n
        self.kept_load = [0] * self.m
        for candidate, reviewer in self.existing:
            self.kept_count[candidate] += 1
            self.kept_load[reviewer] += 1
        self.need = [max(0, self.reviewers_per_candidate - kept) for kept in self.kept_count]
        self.spare = [
            max(0, cap - kept) for cap, kept in zip(self.capacity, self.kept_load, strict=True)
        ]
        reviews = problem.reviewer_categories
        self.allowed = {
            (c, r)
            for c in range(self.n)
            for r in range(self.m)
            if reviews[r, self.category[c]]
            and (c, r) not in self.conflicts
            and (c, r) not in self.existing
        }
        self.active = {(c, r) for c, r in self.allowed if self.need[c] > 0 and self.spare[r] > 0}
        self.pool = [any((c, r) in self.active for c in range(self.n)) for r in range(self.m)]
        weights = {}
        for c, r, w in problem.preferences:
            key = (int(c), int(r))
            weights[key] = weights.get(key, 0) + round(float(w) * 100)
        self.weights = weights
        self.bonus = round(problem.category_bonus * 100)
        self.prefers = problem.reviewer_preferred_categories

    def affinity(self, pairs) -> int:
        """Affinity in hundredths of a point, scored independently of the solver."""
        return sum(
            self.bonus * int(self.prefers[r, self.category[c]]) + self.weights.get((c, r), 0)
            for c, r in pairs
        )


class Network:
    """A small max-flow network (Edmonds-Karp) with lower bounds on arcs."""

    def __init__(self, size: int):
        self.size = size + 2
        self.arcs = [[] for _ in range(self.size)]
        self.excess = [0] * self.size

    def _arc(self, tail: int, head: int, capacity: int) -> None:
        self.arcs[tail].append([head, capacity, len(self.arcs[head])])
        self.arcs[head].append([tail, 0, len(self.arcs[tail]) - 1])

    def add(self, tail: int, head: int, low: int, high: int) -> None:
        self._arc(tail, head, high - low)
        self.excess[head] += low
        self.excess[tail] -= low

    def max_flow(self, source: int, sink: int) -> int:
        total = 0
        while True:
            parent = {source: None}
            queue = deque([source])
            while queue and sink not in parent:
                node = queue.popleft()
                for index, (head, capacity, _) in enumerate(self.arcs[node]):
                    if capacity > 0 and head not in parent:
                        parent[head] = (node, index)
                        queue.append(head)
            if sink not in parent:
                return total
            path, node = [], sink
            while parent[node] is not None:
                path.append(parent[node])
                node = parent[node][0]
            push = min(self.arcs[tail][index][1] for tail, index in path)
            for tail, index in path:
                arc = self.arcs[tail][index]
                arc[1] -= push
                self.arcs[arc[0]][arc[2]][1] += push
            total += push

    def feasible(self) -> bool:
        """Whether a circulation meets every lower bound."""
        source, sink = self.size - 2, self.size - 1
        wanted = 0
        for node in range(self.size - 2):
            if self.excess[node] > 0:
                self._arc(source, node, self.excess[node])
                wanted += self.excess[node]
            elif self.excess[node] < 0:
                self._arc(node, sink, -self.excess[node])
        return self.max_flow(source, sink) == wanted


def assignment_network(facts: Facts, reviewer_bounds) -> tuple[Network, int, int]:
    """source -> candidate [0, need], candidate -> reviewer [0, 1], reviewer -> sink bounds."""
    n, m = facts.n, facts.m
    source, sink = n + m, n + m + 1
    network = Network(n + m + 2)
    for c in range(n):
        network.add(source, c, 0, facts.need[c])
    for c, r in sorted(facts.active):
        network.add(c, n + r, 0, 1)
    for r in range(m):
        low, high = reviewer_bounds(r)
        network.add(n + r, sink, low, high)
    return network, source, sink


def max_coverage(facts: Facts) -> int:
    network, source, sink = assignment_network(facts, lambda r: (0, facts.spare[r]))
    return network.max_flow(source, sink)


def balanced_assignment_exists(facts: Facts, coverage: int) -> bool:
    """Whether some assignment filling `coverage` reviews keeps every pool reviewer's load in
    {L, L + 1}; L is forced, since the pool's total load is fixed."""
    pool = [r for r in range(facts.m) if facts.pool[r]]
    if not pool:
        return True
    level = (sum(facts.kept_load[r] for r in pool) + coverage) // len(pool)

    def bounds(r):
        if not facts.pool[r]:
            return 0, 0
        return max(0, level - facts.kept_load[r]), min(
            facts.spare[r], level + 1 - facts.kept_load[r]
        )

    if any(low > high for low, high in map(bounds, pool)):
        return False
    network, source, sink = assignment_network(facts, bounds)
    network.add(sink, source, coverage, coverage)
    return network.feasible()


def improving_transfer(facts: Facts, result) -> tuple[int, int] | None:
    """A reviewer who could pass a new candidate (directly, through swaps, or by letting a short
    candidate take the review instead) to a reviewer with room and two fewer candidates, or
    None. Searched in the residual graph: reviewer -> candidate along a new pair, candidate ->
    reviewer along an allowed unused pair, candidate -> hub when it has a new pair, hub ->
    candidate when it is short."""
    n, m = facts.n, facts.m
    new = set(pairs_of(result))
    new_load = [0] * m
    has_new = [False] * n
    for c, r in new:
        new_load[r] += 1
        has_new[c] = True
    hub = n + m
    edges = {node: [] for node in range(n + m + 1)}
    for c, r in new:
        edges[n + r].append(c)
    for c, r in facts.active:
        if (c, r) not in new:
            edges[c].append(n + r)
    for c in range(n):
        if has_new[c]:
            edges[c].append(hub)
        if result.missing[c] > 0:
            edges[hub].append(c)
    loads = [facts.kept_load[r] + new_load[r] for r in range(m)]
    for high in range(m):
        seen = {n + high}
        queue = deque([n + high])
        while queue:
            node = queue.popleft()
            for head in edges[node]:
                if head not in seen:
                    seen.add(head)
                    queue.append(head)
        for low in range(m):
            if (
                n + low in seen
                and loads[high] >= loads[low] + 2
                and new_load[low] < facts.spare[low]
            ):
                return high, low
    return None


def brute_force_best(facts: Facts) -> tuple[int, int, int]:
    """(coverage, -sum of squared loads, affinity) of the lexicographically best assignment."""
    options = []
    for c in range(facts.n):
        eligible = [r for r in range(facts.m) if (c, r) in facts.active]
        options.append(
            [
                subset
                for size in range(min(facts.need[c], len(eligible)) + 1)
                for subset in itertools.combinations(eligible, size)
            ]
        )
    best = None
    for choice in itertools.product(*options):
        load = list(facts.kept_load)
        for subset in choice:
            for r in subset:
                load[r] += 1
        if any(load[r] - facts.kept_load[r] > facts.spare[r] for r in range(facts.m)):
            continue
        pairs = [(c, r) for c, subset in enumerate(choice) for r in subset]
        score = (len(pairs), -sum(value * value for value in load), facts.affinity(pairs))
        best = score if best is None or score > best else best
    return best


def check_rules(problem: AssignmentProblem, result) -> Facts:
    """Every rule the solver promises, whatever the outcome."""
    facts = Facts(problem)
    pairs = pairs_of(result)
    assert len(pairs) == len(set(pairs))
    assert pairs == sorted(pairs)
    assert all(pair in facts.allowed for pair in pairs)  # category, conflict, not kept already
    new_per_candidate = [0] * facts.n
    new_per_reviewer = [0] * facts.m
    for c, r in pairs:
        new_per_candidate[c] += 1
        new_per_reviewer[r] += 1
    assert all(new_per_reviewer[r] <= facts.spare[r] for r in range(facts.m))
    assert all(new_per_candidate[c] <= facts.need[c] for c in range(facts.n))
    assert result.missing.tolist() == [facts.need[c] - new_per_candidate[c] for c in range(facts.n)]
    assert result.loads.tolist() == [
        facts.kept_load[r] + new_per_reviewer[r] for r in range(facts.m)
    ]
    assert result.feasible is (sum(result.missing.tolist()) == 0)
    if result.feasible:
        assert all(
            facts.kept_count[c] + new_per_candidate[c] >= facts.reviewers_per_candidate
            for c in range(facts.n)
        )
        assert result.messages == [] or all("kept" in line for line in result.messages)
    return facts


def sum_of_squares(result) -> int:
    return int((result.loads.astype(np.int64) ** 2).sum())


# --- Hand-made cases -----------------------------------------------------------------------


def test_solve_assignment_unique_pairs_when_conflicts_leave_one_way():
    problem = make_problem(
        [TEACHER, TEACHER],
        [2, 1, 1],
        [[TEACHER]] * 3,
        reviewers_per_candidate=2,
        conflicts=[(0, 1), (1, 2)],
    )

    result = solve_assignment(problem)

    assert result.feasible is True
    assert pairs_of(result) == [(0, 0), (0, 2), (1, 0), (1, 1)]
    assert result.loads.tolist() == [2, 1, 1]
    assert result.missing.tolist() == [0, 0]
    assert result.messages == []


def test_solve_assignment_categories_decide_who_reviews():
    problem = make_problem(
        [PRINCIPAL, TEACHER, STUDENT],
        [5, 5, 5],
        [[PRINCIPAL], [TEACHER], [STUDENT, TEACHER]],
        reviewers_per_candidate=1,
    )

    result = solve_assignment(problem)

    assert pairs_of(result) == [(0, 0), (1, 1), (2, 2)]
    assert result.load_spread == 0


def test_solve_assignment_balance_comes_before_affinity():
    # Reviewer 0 prefers teachers, but four candidates split two and two; the declared
    # preferences of reviewer 1 for candidates 0 and 1 then decide who goes where.
    problem = make_problem(
        [TEACHER] * 4,
        [4, 4],
        [[TEACHER], [TEACHER]],
        [[TEACHER], []],
        reviewers_per_candidate=1,
        preferences=[(0, 1, 0.5), (1, 1, 0.5)],
    )

    result = solve_assignment(problem)

    assert pairs_of(result) == [(0, 1), (1, 1), (2, 0), (3, 0)]
    assert result.loads.tolist() == [2, 2]
    assert result.total_affinity == 3.0


def test_solve_assignment_balance_wins_over_a_chain_of_preferences():
    # Candidate 0 can only go to reviewer 0. Moving candidate 1 from reviewer 0 to 1 and
    # candidate 2 from reviewer 1 to 2 evens the loads but gives up two preferred pairs: a swap
    # chain whose affinity loss exceeds one unit of affinity range, and balance must still win.
    problem = make_problem(
        [TEACHER] * 3,
        [3, 3, 3],
        [[TEACHER]] * 3,
        reviewers_per_candidate=1,
        conflicts=[(0, 1), (0, 2), (1, 2), (2, 0)],
        preferences=[(1, 0, 1.0), (2, 1, 1.0)],
        category_bonus=0.0,
    )

    result = solve_assignment(problem)

    assert pairs_of(result) == [(0, 0), (1, 1), (2, 2)]
    assert result.loads.tolist() == [1, 1, 1]
    assert result.total_affinity == 0.0


def test_solve_assignment_preferred_category_wins_a_balanced_tie():
    problem = make_problem(
        [STAFF, STUDENT],
        [1, 1],
        [[STAFF, STUDENT], [STAFF, STUDENT]],
        [[STUDENT], [STAFF]],
        reviewers_per_candidate=1,
    )

    result = solve_assignment(problem)

    assert pairs_of(result) == [(0, 1), (1, 0)]
    assert result.total_affinity == 2.0


def test_solve_assignment_existing_pairs_count_toward_k_and_capacity():
    # Candidate 0 already has reviewers 0 and 1; reviewer 0 is full with that one assignment,
    # and candidate 1 needs all of reviewers 1, 2 and 3, which fills reviewer 3.
    problem = make_problem(
        [TEACHER, TEACHER],
        [1, 3, 3, 1],
        [[TEACHER]] * 4,
        reviewers_per_candidate=3,
        existing=[(0, 0), (0, 1)],
    )

    result = solve_assignment(problem)

    assert result.feasible is True
    assert pairs_of(result) == [(0, 2), (1, 1), (1, 2), (1, 3)]
    assert result.loads.tolist() == [1, 2, 2, 1]


def test_solve_assignment_late_nominations_only_add():
    first = make_problem([TEACHER] * 6, [6, 6, 6, 6], [[TEACHER]] * 4, reviewers_per_candidate=2)
    kept = solve_assignment(first).new_pairs
    later = make_problem(
        [TEACHER] * 8,
        [6, 6, 6, 6],
        [[TEACHER]] * 4,
        reviewers_per_candidate=2,
        existing=kept.tolist(),
    )

    result = solve_assignment(later)

    assert {c for c, _ in pairs_of(result)} == {6, 7}
    assert len(pairs_of(result)) == 4
    assert result.loads.tolist() == [4, 4, 4, 4]


def test_solve_assignment_kept_pairs_breaking_rules_are_reported_not_removed():
    problem = make_problem(
        [TEACHER],
        [3, 3, 3],
        [[TEACHER], [TEACHER], [STUDENT]],
        reviewers_per_candidate=2,
        conflicts=[(0, 0)],
        existing=[(0, 0), (0, 2)],
    )

    result = solve_assignment(problem)

    assert result.feasible is True
    assert pairs_of(result) == []
    assert result.existing_violations.tolist() == [[0, 0], [0, 2]]
    assert result.messages == [
        "2 kept assignments break a conflict of interest or the reviewer's categories; kept "
        "assignments count toward each candidate's reviewers and each reviewer's capacity until "
        "staff remove them."
    ]


def test_solve_assignment_too_few_conflict_free_reviewers_message():
    problem = make_problem(
        [PRINCIPAL] * 4, [10, 10], [[PRINCIPAL], [PRINCIPAL]], reviewers_per_candidate=3
    )

    result = solve_assignment(problem)

    assert result.feasible is False
    assert len(pairs_of(result)) == 8
    assert result.missing.tolist() == [1, 1, 1, 1]
    assert result.messages == [
        "4 principal candidates lack 3 conflict-free reviewers (4 reviews short): enrol at "
        "least 1 more principal reviewer (taking up to 10 each) or ask for 2 reviewers per "
        "candidate"
    ]
    shortfall = result.shortfalls[0]
    assert (shortfall.candidates_short, shortfall.reviews_missing) == (4, 4)
    assert (shortfall.reviewers_to_enrol, shortfall.feasible_reviewers_per_candidate) == (1, 2)


def test_solve_assignment_capacity_shortfall_message():
    problem = make_problem(
        [STUDENT, STUDENT], [1, 1, 1], [[STUDENT]] * 3, reviewers_per_candidate=2
    )

    result = solve_assignment(problem)

    assert result.feasible is False
    assert len(pairs_of(result)) == 3
    assert result.loads.tolist() == [1, 1, 1]
    assert result.messages == [
        "1 student candidate lacks 2 conflict-free reviewers (1 review short): enrol at least "
        "1 more student reviewer (taking up to 1 each) or ask for 1 reviewer per candidate"
    ]


def test_solve_assignment_category_without_reviewers_message():
    problem = make_problem(
        [STAFF, STAFF, TEACHER], [5, 5, 5], [[TEACHER]] * 3, reviewers_per_candidate=3
    )

    result = solve_assignment(problem)

    assert result.feasible is False
    assert pairs_of(result) == [(2, 0), (2, 1), (2, 2)]
    assert result.messages == [
        "2 staff candidates lack 3 conflict-free reviewers (6 reviews short): enrol at least "
        "3 more staff reviewers (taking up to 5 each)"
    ]


def test_solve_assignment_conflicts_counted_per_candidate_in_message():
    # Three principal reviewers; candidate 0 conflicts with two of them, so it alone is short,
    # and only one reviewer per candidate is reachable for everyone.
    problem = make_problem(
        [PRINCIPAL, PRINCIPAL],
        [4, 4, 4],
        [[PRINCIPAL]] * 3,
        reviewers_per_candidate=2,
        conflicts=[(0, 0), (0, 1)],
        new_reviewer_capacity=6,
    )

    result = solve_assignment(problem)

    assert result.missing.tolist() == [1, 0]
    assert result.messages == [
        "1 principal candidate lacks 2 conflict-free reviewers (1 review short): enrol at least "
        "1 more principal reviewer (taking up to 6 each) or ask for 1 reviewer per candidate"
    ]


def test_solve_assignment_two_short_categories_each_get_a_message():
    problem = make_problem(
        [TEACHER, PRINCIPAL, STUDENT, STUDENT],
        [9, 9, 9],
        [[TEACHER, STUDENT], [TEACHER, PRINCIPAL], [TEACHER]],
        reviewers_per_candidate=2,
    )

    result = solve_assignment(problem)

    assert result.feasible is False
    assert pairs_of(result) == [(0, 1), (0, 2), (1, 1), (2, 0), (3, 0)]
    assert result.messages == [
        "1 principal candidate lacks 2 conflict-free reviewers (1 review short): enrol at least "
        "1 more principal reviewer (taking up to 9 each) or ask for 1 reviewer per candidate",
        "2 student candidates lack 2 conflict-free reviewers (2 reviews short): enrol at least "
        "1 more student reviewer (taking up to 9 each) or ask for 1 reviewer per candidate",
    ]


def test_solve_assignment_no_reviewers_at_all():
    problem = make_problem([TEACHER, TEACHER], [], [], reviewers_per_candidate=1)

    result = solve_assignment(problem)

    assert result.feasible is False
    assert pairs_of(result) == []
    assert result.messages == [
        "2 teacher candidates lack 1 conflict-free reviewer (2 reviews short): enrol at least "
        "1 more teacher reviewer (taking up to 2 each)"
    ]


def test_solve_assignment_zero_reviewers_per_candidate_assigns_nothing():
    problem = make_problem([TEACHER], [3], [[TEACHER]], reviewers_per_candidate=0)

    result = solve_assignment(problem)

    assert result.feasible is True
    assert pairs_of(result) == []


def test_solve_assignment_rejects_an_index_out_of_range():
    problem = make_problem([TEACHER], [3], [[TEACHER]], conflicts=[(0, 5)])

    with pytest.raises(ValueError, match=r"conflicts refers to a reviewer index outside 0\.\.0"):
        solve_assignment(problem)


def test_solve_assignment_rejects_an_unknown_category():
    problem = make_problem([7], [3], [[TEACHER]])

    with pytest.raises(ValueError, match=r"candidate_category codes must lie in 0\.\.3"):
        solve_assignment(problem)


def test_affinity_of_scores_bonus_and_summed_preferences():
    problem = make_problem(
        [TEACHER, STAFF],
        [3, 3],
        [[TEACHER, STAFF]] * 2,
        [[TEACHER], []],
        preferences=[(1, 1, 0.25), (1, 1, 0.5), (0, 1, -1.0)],
        category_bonus=2.0,
    )

    assert affinity_of(problem, np.array([[0, 0], [1, 1], [0, 1]])) == 2.0 + 0.75 - 1.0


def test_greedy_assignment_leaves_short_what_the_solver_serves():
    problem = make_problem(
        [TEACHER, TEACHER], [1, 1], [[TEACHER]] * 2, reviewers_per_candidate=1, conflicts=[(1, 1)]
    )

    greedy = greedy_assignment(problem)
    solved = solve_assignment(problem)

    assert pairs_of(greedy) == [(0, 0)]
    assert greedy.feasible is False
    assert greedy.messages == ["1 candidate left short by the greedy baseline"]
    assert pairs_of(solved) == [(0, 1), (1, 0)]
    assert solved.feasible is True


def random_problem(seed: int, n: int, m: int, **overrides) -> AssignmentProblem:
    rng = np.random.default_rng(seed)
    reviews = rng.random((m, 4)) < 0.6
    reviews[~reviews.any(axis=1), TEACHER] = True
    conflicts = np.argwhere(rng.random((n, m)) < 0.08)
    preferences = np.column_stack(
        [
            rng.integers(0, n, n),
            rng.integers(0, m, n),
            rng.choice([-1.0, 0.5, 1.0, 2.0], n),
        ]
    )
    fields = {
        "candidate_category": rng.choice(4, n, p=[0.55, 0.15, 0.2, 0.1]),
        "reviewer_capacity": rng.integers(n * 3 // m, n * 6 // m + 2, m),
        "reviewer_categories": reviews,
        "reviewer_preferred_categories": reviews & (rng.random((m, 4)) < 0.4),
        "category_names": CATEGORIES,
        "conflicts": conflicts,
        "preferences": preferences,
    }
    return AssignmentProblem(**{**fields, **overrides})


def test_solve_assignment_same_input_gives_identical_arrays():
    problem = random_problem(11, 400, 40)

    first, second = solve_assignment(problem), solve_assignment(problem)

    assert np.array_equal(first.new_pairs, second.new_pairs)
    assert np.array_equal(first.loads, second.loads)
    assert first.total_affinity == second.total_affinity


def test_solve_assignment_row_order_of_inputs_does_not_matter():
    problem = random_problem(12, 300, 30)
    rng = np.random.default_rng(0)
    shuffled = AssignmentProblem(
        **{
            **problem.__dict__,
            "conflicts": rng.permutation(problem.conflicts),
            "preferences": rng.permutation(problem.preferences),
        }
    )

    assert np.array_equal(solve_assignment(problem).new_pairs, solve_assignment(shuffled).new_pairs)


def test_solve_assignment_renumbering_gives_an_equally_good_assignment():
    problem = random_problem(13, 300, 30)
    rng = np.random.default_rng(1)
    candidates, reviewers = rng.permutation(300), rng.permutation(30)
    new_candidate, new_reviewer = np.argsort(candidates), np.argsort(reviewers)
    renumbered = AssignmentProblem(
        candidate_category=problem.candidate_category[candidates],
        reviewer_capacity=problem.reviewer_capacity[reviewers],
        reviewer_categories=problem.reviewer_categories[reviewers],
        reviewer_preferred_categories=problem.reviewer_preferred_categories[reviewers],
        category_names=CATEGORIES,
        conflicts=np.column_stack(
            [new_candidate[problem.conflicts[:, 0]], new_reviewer[problem.conflicts[:, 1]]]
        ),
        preferences=np.column_stack(
            [
                new_candidate[problem.preferences[:, 0].astype(int)],
                new_reviewer[problem.preferences[:, 1].astype(int)],
                problem.preferences[:, 2],
            ]
        ),
    )

    original, other = solve_assignment(problem), solve_assignment(renumbered)

    assert original.feasible is True and other.feasible is True
    assert sorted(original.loads.tolist()) == sorted(other.loads.tolist())
    assert original.total_affinity == other.total_affinity


def test_solve_assignment_sampling_and_full_graph_reach_the_same_optimum():
    problem = random_problem(14, 500, 50)

    full = solve_assignment(problem)
    sampled = solve_assignment(problem, full_graph_limit=0, sample_per_candidate=4)

    assert full.stats["rounds"] == 1
    assert sampled.stats["pair_arcs"] < full.stats["pair_arcs"]
    check_rules(problem, sampled)
    assert sum_of_squares(sampled) == sum_of_squares(full)
    assert sampled.total_affinity == full.total_affinity


def test_solve_assignment_beats_greedy_on_affinity_at_equal_balance():
    # Everyone reviews every category, so both reach a balance of 0 or 1 and affinity decides.
    problem = random_problem(
        15,
        600,
        30,
        reviewer_categories=np.ones((30, 4), dtype=bool),
        reviewer_preferred_categories=np.random.default_rng(2).random((30, 4)) < 0.3,
    )

    solved, greedy = solve_assignment(problem), greedy_assignment(problem)

    assert solved.feasible is True and greedy.feasible is True
    assert sum_of_squares(solved) == sum_of_squares(greedy)
    assert (solved.load_spread, greedy.load_spread) == (0, 0)
    assert solved.total_affinity > greedy.total_affinity


# --- Properties ----------------------------------------------------------------------------


@st.composite
def problems(draw, max_candidates=30, max_reviewers=10, max_reviewers_per_candidate=3):
    n = draw(st.integers(0, max_candidates))
    m = draw(st.integers(0, max_reviewers))
    n_categories = draw(st.integers(1, 4))
    names = CATEGORIES[:n_categories]
    codes = st.integers(0, n_categories - 1)
    flags = st.lists(st.booleans(), min_size=n_categories, max_size=n_categories)
    reviews = np.array(draw(st.lists(flags, min_size=m, max_size=m)), dtype=bool)
    prefers = np.array(draw(st.lists(flags, min_size=m, max_size=m)), dtype=bool)
    pairs = st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(m - 1, 0)))
    most = 1 if n and m else 0
    weights = st.sampled_from([-1.0, 0.25, 0.5, 1.0, 2.0])
    preferences = draw(
        st.lists(
            st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(m - 1, 0)), weights),
            max_size=n * most,
        )
    )
    return AssignmentProblem(
        candidate_category=np.array(draw(st.lists(codes, min_size=n, max_size=n)), dtype=int),
        reviewer_capacity=np.array(
            draw(st.lists(st.integers(0, 12), min_size=m, max_size=m)), dtype=int
        ),
        reviewer_categories=reviews.reshape(m, n_categories),
        reviewer_preferred_categories=prefers.reshape(m, n_categories),
        category_names=names,
        reviewers_per_candidate=draw(st.integers(0, max_reviewers_per_candidate)),
        conflicts=np.array(draw(st.lists(pairs, max_size=3 * n * most)), dtype=int).reshape(-1, 2),
        existing=np.array(draw(st.lists(pairs, max_size=n * most)), dtype=int).reshape(-1, 2),
        preferences=np.array(preferences, dtype=float).reshape(-1, 3),
        category_bonus=draw(st.sampled_from([0.0, 1.0, 1.5])),
    )


PROPERTY_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(problems())
def test_solve_assignment_rules_coverage_and_balance_hold(problem):
    result = solve_assignment(problem)
    facts = check_rules(problem, result)

    coverage = max_coverage(facts)
    assert len(result.new_pairs) == coverage
    assert result.feasible is (coverage == sum(facts.need))
    assert improving_transfer(facts, result) is None
    if balanced_assignment_exists(facts, coverage):
        assert result.load_spread <= 1
    if not result.feasible:
        short = {
            CATEGORIES[code]
            for code in range(len(problem.category_names))
            if any(result.missing[c] > 0 for c in range(facts.n) if facts.category[c] == code)
        }
        assert {shortfall.category for shortfall in result.shortfalls} == short
        assert all(
            s.feasible_reviewers_per_candidate < problem.reviewers_per_candidate
            and s.reviewers_to_enrol >= 1
            for s in result.shortfalls
        )


@PROPERTY_SETTINGS
@given(problems(), st.randoms(use_true_random=False))
def test_solve_assignment_is_deterministic_whatever_the_row_order(problem, random):
    def shuffled(rows):
        order = list(range(len(rows)))
        random.shuffle(order)
        return rows[order]

    reordered = AssignmentProblem(
        **{
            **problem.__dict__,
            "conflicts": shuffled(problem.conflicts),
            "existing": shuffled(problem.existing),
            "preferences": shuffled(problem.preferences),
        }
    )

    first, again, other = (
        solve_assignment(problem),
        solve_assignment(problem),
        solve_assignment(reordered),
    )

    assert np.array_equal(first.new_pairs, again.new_pairs)
    assert np.array_equal(first.new_pairs, other.new_pairs)
    assert first.messages == other.messages


@PROPERTY_SETTINGS
@given(problems())
def test_solve_assignment_at_least_as_good_as_greedy(problem):
    solved, greedy = solve_assignment(problem), greedy_assignment(problem)
    check_rules(problem, greedy)

    # Coverage first, then balance, then affinity: greedy never wins the comparison, and at
    # equal balance the solver's affinity is at least greedy's.
    assert len(solved.new_pairs) >= len(greedy.new_pairs)
    if solved.feasible and greedy.feasible:
        assert sum_of_squares(solved) <= sum_of_squares(greedy)
        if sum_of_squares(solved) == sum_of_squares(greedy):
            assert solved.total_affinity >= greedy.total_affinity


@PROPERTY_SETTINGS
@given(problems(), st.integers(1, 4))
def test_solve_assignment_sampled_search_matches_the_full_graph(problem, per_candidate):
    full = solve_assignment(problem)
    sampled = solve_assignment(problem, full_graph_limit=0, sample_per_candidate=per_candidate)
    check_rules(problem, sampled)

    assert len(sampled.new_pairs) == len(full.new_pairs)
    assert sum_of_squares(sampled) == sum_of_squares(full)
    assert sampled.total_affinity == full.total_affinity


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_candidates=4, max_reviewers=4, max_reviewers_per_candidate=2))
def test_solve_assignment_matches_brute_force_on_tiny_problems(problem):
    result = solve_assignment(problem)
    facts = check_rules(problem, result)

    coverage, negative_squares, affinity = brute_force_best(facts)

    assert len(result.new_pairs) == coverage
    assert sum_of_squares(result) == -negative_squares
    assert round(result.total_affinity * 100) == affinity + facts.affinity(facts.existing)
