"""The database fails at the Nth query of an operation: the operation raises, nothing of it is
left behind (no row, no e-mail, no task, no on_commit callback), and a retry succeeds.

Each operation's data is built once; every round runs in a savepoint rolled back afterwards, so
each starts from exactly that fresh state. A clean round under CaptureQueriesContext counts the
operation's queries; then query N fails, for every N (or, when there are many, a spread that
includes the first, the middle, the last and the first write to each table), and the database
(row counts of every table, every row of the tables the operations write) is compared before
and after. The queue is the database one, as in production: an enqueue is a row like any other.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.tasks.signals import task_enqueued
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.domain.cycles import NextCycleDates, start_next_cycle
from awards.domain.nominations import submit_nomination
from awards.models import Award, Cycle, Dossier, Nomination, NominationRevision, Question
from cms.models import ResultsPage
from portal.models import AuditEvent
from review.domain.assignment import commit_assignment, plan_assignment
from review.domain.decisions import approve_publication, record_decision, request_publication
from review.domain.scoring import save_review
from review.models import (
    Assignment,
    CandidateScore,
    Criterion,
    OutgoingMessage,
    Publication,
    Review,
    ReviewerEnrolment,
    ReviewSettings,
    Rubric,
    Score,
)
from tests.awards.factories import (
    LetterRequestFactory,
    NominationFactory,
    NominationFileFactory,
    QuestionFactory,
    candidate,
)
from tests.factories import AwardFactory, CycleFactory, SchoolFactory, UserFactory

# Beyond this many queries an operation is failed at a representative spread of them (see
# fault_points), which keeps the suite quick.
EVERY_QUERY_UP_TO = 40
SPREAD = 16


@dataclass
class Operation:
    """One business operation under test: fresh data, the call, and the checks of success."""

    build: Callable[[], Any]
    run: Callable[[Any], Any]
    succeeded: Callable[[Any], None]
    callbacks: int  # on_commit callbacks of its own (e-mails, tasks) a successful run schedules


# The database: every table's row count, and every row of the tables an operation may write

# Beside the portal's own apps: the page tree, its revisions and logs, and the task queue.
ROWS_OF_APPS = {"portal", "cms", "awards", "review"}
ROWS_OF_MODELS = {
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.ReferenceIndex",
    "django_tasks_database.DBTaskResult",
}


def tracked_models() -> list:
    tables = set(connection.introspection.table_names())
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables
    ]


def database_state() -> dict[str, list]:
    """Row counts of every table (one query), and the rows themselves, in primary-key order,
    of every table the operations under test write."""
    models = tracked_models()
    quote = connection.ops.quote_name
    counts = " UNION ALL ".join(
        f"SELECT '{model._meta.db_table}', COUNT(*) FROM {quote(model._meta.db_table)}"  # noqa: S608
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(counts)
        state = {"row counts": sorted(cursor.fetchall())}
    for model in models:
        label = model._meta.label
        if model._meta.app_label in ROWS_OF_APPS or label in ROWS_OF_MODELS:
            fields = [field.attname for field in model._meta.concrete_fields]
            state[label] = list(model.objects.order_by("pk").values_list(*fields))
    return state


def changes(before: dict, after: dict) -> dict:
    """Rows added and removed per table (a changed row is both); empty when nothing changed."""
    found = {}
    for label in before.keys() | after.keys():
        old, new = before.get(label, []), after.get(label, [])
        if old != new:
            found[label] = {
                "added": [row for row in new if row not in old],
                "removed": [row for row in old if row not in new],
            }
    return found


# Running an operation with a fault


@contextmanager
def rolled_back():
    """A round of its own: whatever happens inside is undone at the end."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextmanager
def recording_enqueues():
    """The portal's own tasks enqueued meanwhile: only on_commit callbacks may enqueue them.
    (Wagtail enqueues its search and reference index updates inside the transaction, where
    they roll back with it.)"""
    enqueued = []

    def record(sender, task_result, **kwargs):
        if task_result.task.module_path.startswith(("awards.", "review.", "portal.")):
            enqueued.append(task_result.task.module_path)

    task_enqueued.connect(record)
    try:
        yield enqueued
    finally:
        task_enqueued.disconnect(record)


def commit_point(queries: list[str]) -> int:
    """How many queries the operation runs up to and including the end of its outermost
    transaction (here a savepoint inside the test's transaction). A fault after it meets work
    already committed."""
    depth, end = 0, 0
    for number, sql in enumerate(queries, start=1):
        statement = sql.lstrip().upper()
        if statement.startswith("SAVEPOINT"):
            depth += 1
        elif statement.startswith("RELEASE SAVEPOINT"):
            depth -= 1
            if depth == 0:
                end = number
    return end


def written_table(sql: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE writes; None for anything else."""
    words = sql.replace('"', " ").replace("`", " ").split()
    verb = words[0].upper() if words else ""
    if verb in {"INSERT", "DELETE"} and len(words) > 2:
        return words[2]
    if verb == "UPDATE" and len(words) > 1:
        return words[1]
    return None


def fault_points(queries: list[str], committed: int) -> list[int]:
    """Every query when there are few. Else the first, the middle, the last, the end of the
    transaction, the first write to each table, and an even spread of the rest."""
    count = len(queries)
    if count <= EVERY_QUERY_UP_TO:
        return list(range(1, count + 1))
    chosen = {1, (count + 1) // 2, count, committed}
    first_writes = {}
    for number, sql in enumerate(queries, start=1):
        table = written_table(sql)
        if table:
            first_writes.setdefault(table, number)
    chosen |= set(first_writes.values())
    chosen |= set(range(1, count + 1, max(count // SPREAD, 1)))
    return sorted(chosen)


def count_queries(operation: Operation, data, capture_callbacks) -> tuple[list[str], int]:
    """The operation's queries and on_commit callbacks, after a warm-up run (content types and
    permissions are cached on first use and would make the count unstable). Wagtail's page
    cache schedules callbacks of its own beside the operation's."""
    for _ in range(2):
        with rolled_back():
            with (
                capture_callbacks() as callbacks,
                CaptureQueriesContext(connection) as captured,
            ):
                operation.run(data)
            operation.succeeded(data)
            own = [c for c in callbacks if c.__module__.startswith(("awards.", "review."))]
            assert len(own) == operation.callbacks
    return [query["sql"] for query in captured.captured_queries], len(callbacks)


def fail_each_query(operation: Operation, fail_query, capture_callbacks) -> None:
    """Fail query N of the operation for every chosen N, each time on the data as built."""
    with rolled_back():
        data = operation.build()
        before = database_state()
        queries, scheduled = count_queries(operation, data, capture_callbacks)
        committed = commit_point(queries)
        assert committed, "the operation runs no transaction"
        for number in fault_points(queries, committed):
            where = f"query {number} of {len(queries)}: {queries[number - 1][:200]}"
            with rolled_back():
                mail.outbox.clear()
                with (
                    recording_enqueues() as enqueued,
                    capture_callbacks() as callbacks,
                    fail_query(number) as fault,
                ):
                    try:
                        operation.run(data)
                    except DatabaseError:
                        pass
                    else:
                        pytest.fail(f"{where}: the operation swallowed the failure")
                assert fault.fired, f"{where}: the fault never fired (query count not stable)"
                # A failed write outside every atomic block marks the round's own for rollback.
                assert not connection.needs_rollback, f"{where}: written outside a transaction"
                assert enqueued == [], where
                assert mail.outbox == [], where
                if number <= committed:
                    assert changes(before, database_state()) == {}, where
                    assert callbacks == [], where
                else:
                    # The transaction had committed: the work is whole, its follow-ups scheduled.
                    operation.succeeded(data)
                    assert len(callbacks) == scheduled, where

                # Nothing left behind blocks a retry.
                with capture_callbacks() as callbacks:
                    operation.run(data)
                operation.succeeded(data)
                assert len(callbacks) == (0 if number > committed else scheduled), where
                assert mail.outbox == [], where


@pytest.fixture(autouse=True)
def database_task_queue(settings):
    """The production queue: an enqueue is a row written in the caller's transaction (the
    immediate backend of the other tests would run Wagtail's index tasks inline and swallow
    their failures)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.fixture
def capture_callbacks(django_capture_on_commit_callbacks):
    """on_commit callbacks are recorded, never run: a failed operation must leave none."""
    return lambda: django_capture_on_commit_callbacks(execute=False)


# Submitting a nomination


def build_submission() -> Nomination:
    award = AwardFactory(nominee_notice=Award.NomineeNotice.NOTIFY, requires_guardian_consent=True)
    cycle = CycleFactory(award=award)
    QuestionFactory(cycle=cycle, key="impact", section="Why this teacher")
    QuestionFactory(
        cycle=cycle,
        key="documents",
        section="Documents",
        kind=Question.Kind.FILE,
        required=False,
        max_files=2,
        allowed_file_types=["pdf"],
    )
    QuestionFactory(
        cycle=cycle,
        key="support",
        section="Documents",
        kind=Question.Kind.LETTERS,
        required=False,
        min_letters=0,
        max_letters=2,
    )
    draft = NominationFactory(
        cycle=cycle,
        nominator=UserFactory(verified=True),
        answers={"impact": "She runs the robotics club every Tuesday."},
        guardian_name="Ada Parent",
        guardian_email="guardian@example.org",
    )
    NominationFileFactory(nomination=draft)
    LetterRequestFactory(nomination=draft)
    return draft


def submit(draft: Nomination) -> None:
    submit_nomination(draft, draft.nominator, draft.submission_key)


def submitted(draft: Nomination) -> None:
    nomination = Nomination.objects.get(pk=draft.pk)
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.dossier_id is not None
    assert nomination.form_snapshot != []
    assert nomination.nominee_response == Nomination.Response.PENDING
    assert nomination.guardian_consent == Nomination.Response.PENDING
    assert Dossier.objects.filter(cycle=nomination.cycle).count() == 1
    revisions = NominationRevision.objects.filter(nomination=nomination)
    assert [len(revision.data["files"]) for revision in revisions] == [1]
    assert nomination.files.count() == 1
    events = AuditEvent.objects.filter(object_code=nomination.code)
    assert list(events.values_list("action", flat=True)) == ["nomination.submitted"]


SUBMISSION = Operation(build_submission, submit, submitted, callbacks=3)


# Committing an assignment plan


def build_assignment():
    cycle = CycleFactory()
    ReviewSettings.objects.create(cycle=cycle, reviewers_per_candidate=2)
    school = SchoolFactory()
    dossiers = []
    for number in range(4):
        nominee_school = school if number == 0 else SchoolFactory()
        dossiers.append(candidate(cycle, school=nominee_school).dossier)
    enrolments = [
        ReviewerEnrolment.objects.create(
            cycle=cycle, reviewer=UserFactory(reviewer=True), status="active", capacity=4
        )
        for _ in range(3)
    ]
    # A school tie added after an earlier assignment: committing ends that assignment.
    Assignment.objects.create(dossier=dossiers[0], enrolment=enrolments[0])
    enrolments[0].schools.set([school])
    return cycle, UserFactory(staff=True)


def plan_and_commit(data) -> None:
    cycle, staff = data
    commit_assignment(plan_assignment(cycle), staff)


def assigned(data) -> None:
    cycle, _ = data
    live = Assignment.objects.filter(dossier__cycle=cycle, removed_at=None)
    assert live.count() == 8
    assert Assignment.objects.filter(dossier__cycle=cycle).exclude(removed_at=None).count() == 1
    actions = AuditEvent.objects.filter(object_code=str(cycle.pk)).values_list("action", flat=True)
    assert sorted(actions) == ["review.assigned", "review.assignments_ended_by_conflict"]


ASSIGNMENT = Operation(build_assignment, plan_and_commit, assigned, callbacks=0)


# Submitting a review's scores


def build_review() -> Assignment:
    cycle = CycleFactory()
    ReviewSettings.objects.create(
        cycle=cycle, release_at=timezone.now(), extra_reviewer_near_cutoff=True
    )
    rubric = Rubric.objects.create(cycle=cycle)
    for name in ("Impact", "Innovation"):
        Criterion.objects.create(rubric=rubric, name=name, scale_min=0, scale_max=10)
    reviewer = UserFactory(reviewer=True)
    enrolment = ReviewerEnrolment.objects.create(cycle=cycle, reviewer=reviewer, status="active")
    colleague = ReviewerEnrolment.objects.create(
        cycle=cycle, reviewer=UserFactory(reviewer=True), status="active"
    )
    dossiers = []
    for _ in range(4):
        dossiers.append(candidate(cycle).dossier)
    # The reviewer's earlier reviews (enough to normalise) and a colleague's on the same
    # candidate: the running statistics and the candidate's aggregate all move on submit.
    values = {criterion.pk: 6 for criterion in rubric.criteria.all()}
    for dossier, by in [*((d, enrolment) for d in dossiers[1:]), (dossiers[0], colleague)]:
        earlier = Assignment.objects.create(dossier=dossier, enrolment=by)
        save_review(earlier, by.reviewer, values=values, comments={}, comment="", submit=True)
    return Assignment.objects.create(dossier=dossiers[0], enrolment=enrolment)


def score(assignment: Assignment) -> None:
    criteria = list(Rubric.objects.get(cycle=assignment.enrolment.cycle).criteria.all())
    save_review(
        assignment,
        assignment.enrolment.reviewer,
        values={criteria[0].pk: 9, criteria[1].pk: 4},
        comments={},
        comment="Strong classroom impact.",
        submit=True,
    )


def scored(assignment: Assignment) -> None:
    review = Review.objects.get(assignment=assignment)
    assert (review.status, review.total, review.counted) == ("submitted", 13.0, True)
    assert review.weighted_total == Decimal(13)
    assert sorted(Score.objects.filter(review=review).values_list("value", flat=True)) == [4, 9]
    enrolment = ReviewerEnrolment.objects.get(pk=assignment.enrolment_id)
    assert (enrolment.scored_count, enrolment.score_sum) == (4, 49.0)
    candidate = CandidateScore.objects.get(dossier=assignment.dossier_id)
    assert (candidate.reviews, candidate.total_sum) == (2, 25.0)
    assert Rubric.objects.get(cycle=assignment.enrolment.cycle).locked is True
    scored_events = AuditEvent.objects.filter(
        action="review.scored", object_code=assignment.dossier.code
    )
    assert scored_events.count() == 2  # the colleague's and this one


REVIEW = Operation(build_review, score, scored, callbacks=1)


# Approving the publication of results


def build_publication():
    # Nominations closed yesterday: results may be published.
    cycle = CycleFactory(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=1)
    )
    requester, approver = UserFactory(staff=True), UserFactory(staff=True)
    for number in range(2):
        nomination = candidate(
            cycle, nominee_last_name=f"Winner{number}", submitted_at=timezone.now()
        )
        LetterRequestFactory(nomination=nomination, status="received", letter_text="Yes.")
        outcome = "winner" if number == 0 else "not_selected"
        record_decision(cycle, nomination.dossier, requester, outcome=outcome)
    request_publication(cycle, requester)
    return cycle, approver


def approve(data) -> None:
    cycle, approver = data
    approve_publication(cycle, approver)


def published(data) -> None:
    cycle, approver = data
    publication = Publication.objects.get(cycle=cycle)
    assert (publication.status, publication.approved_by) == ("published", approver)
    page = ResultsPage.objects.get(cycle=cycle)
    assert (page.live, publication.results_page_id) == (True, page.pk)
    assert page.revisions.count() == 1
    # Both nominees (the winner and the one not selected), two nominators, two letter
    # writers: each once.
    assert OutgoingMessage.objects.filter(cycle=cycle).count() == 6
    assert cycle.award.past_winners.count() == 1
    actions = AuditEvent.objects.filter(action="results.published", object_code=str(cycle.pk))
    assert actions.count() == 1


PUBLICATION = Operation(build_publication, approve, published, callbacks=1)


# Starting next year's cycle


def build_next_cycle():
    cycle = CycleFactory()
    for key in ("impact", "story"):
        QuestionFactory(cycle=cycle, key=key)
    rubric = Rubric.objects.create(cycle=cycle)
    Criterion.objects.create(rubric=rubric, name="Impact", scale_min=0, scale_max=10)
    ReviewSettings.objects.create(cycle=cycle, release_at=cycle.closes_at)
    for _number in range(2):
        enrolment = ReviewerEnrolment.objects.create(cycle=cycle, reviewer=UserFactory())
        enrolment.schools.set([SchoolFactory()])
    return cycle, UserFactory(staff=True)


def start_next(data) -> None:
    cycle, staff = data
    start_next_cycle(cycle, staff, NextCycleDates.a_year_after(cycle))


def started_next(data) -> None:
    cycle, _staff = data
    new = Cycle.objects.get(copied_from=cycle)
    assert new.questions.count() == 2
    assert new.rubrics.get().criteria.count() == 1
    assert ReviewSettings.objects.filter(cycle=new).count() == 1
    enrolments = ReviewerEnrolment.objects.filter(cycle=new)
    assert enrolments.count() == 2
    assert (
        ReviewerEnrolment.schools.through.objects.filter(reviewerenrolment__cycle=new).count() == 2
    )
    assert AuditEvent.objects.filter(action="cycle.started_from").count() == 1


NEXT_CYCLE = Operation(build_next_cycle, start_next, started_next, callbacks=0)


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(SUBMISSION, id="submit_nomination"),
        pytest.param(ASSIGNMENT, id="plan_and_commit_assignment"),
        pytest.param(REVIEW, id="save_review_submit"),
        pytest.param(PUBLICATION, id="approve_publication"),
        pytest.param(NEXT_CYCLE, id="start_next_cycle"),
    ],
)
def test_operation_failing_at_any_query_leaves_nothing_and_can_be_retried(
    operation, fail_query, capture_callbacks, home_page
):
    fail_each_query(operation, fail_query, capture_callbacks)
