"""Put back in the queue the background tasks whose worker died in the middle of them.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: if the
worker is killed (a deploy, an out-of-memory kill, a lost machine) the task stays RUNNING and no
worker runs it. Run this every few minutes beside `db_worker` (cron or a timer). Every task of
the portal is safe to run again: it finds its work done and does nothing.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

# Longer than any task runs (a committee packet of many finalists takes minutes): a task still
# running after this is taken to have lost its worker.
STALLED_AFTER = timedelta(minutes=30)
# A task whose worker died this many times is not tried again: it may be what kills the worker.
MAX_ATTEMPTS = 3


class WorkerLost(Exception):
    """Recorded as the error of a task given up after its worker died MAX_ATTEMPTS times."""


def requeue_stalled_tasks(
    stalled_after: timedelta = STALLED_AFTER, max_attempts: int = MAX_ATTEMPTS
) -> tuple[int, int]:
    """Tasks RUNNING for longer than `stalled_after` go back to READY; those already claimed
    `max_attempts` times become FAILED. Returns (requeued, failed)."""
    now = timezone.now()
    requeued = failed = 0
    with transaction.atomic():
        stalled = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - stalled_after
        )
        for result in stalled:
            # Each claim by a worker appends its id.
            if len(result.worker_ids) >= max_attempts:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = f"{__name__}.{WorkerLost.__qualname__}"
                result.traceback = (
                    f"The worker stopped during this task {len(result.worker_ids)} times."
                )
                result.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                failed += 1
            else:
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                requeued += 1
    return requeued, failed


class Command(BaseCommand):
    help = "Requeue background tasks left running by a worker that died."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stalled-after",
            type=int,
            default=int(STALLED_AFTER.total_seconds() // 60),
            help="Minutes after which a running task is taken to have lost its worker.",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=MAX_ATTEMPTS,
            help="Give a task up (failed) once its worker died this many times.",
        )

    def handle(self, *args, stalled_after, max_attempts, **options):
        requeued, failed = requeue_stalled_tasks(timedelta(minutes=stalled_after), max_attempts)
        self.stdout.write(f"{requeued} task(s) requeued, {failed} given up.")
