"""A worker killed in the middle of a task: the task runs again and its effects happen once.

The queue is the production one (django-tasks-db); the worker is a real `manage.py db_worker`
subprocess on the test's own database, with crashing.py's mailer and storage, which kill it
where a marker file asks. django-tasks-db leaves the task of a dead worker RUNNING for ever;
`manage.py requeue_stalled_tasks` (run every few minutes in production) puts it back.

On SQLite the test database lives in memory, which no other process can open: it is copied to
a file for each worker run and copied back afterwards.
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from portal.management.commands.requeue_stalled_tasks import STALLED_AFTER
from review.domain.decisions import record_decision
from review.domain.outbox import send_message
from review.domain.packets import build_packet, request_committee_packet
from review.models import Decision, MessageTemplate, OutgoingMessage, PacketJob
from tests.awards.factories import candidate
from tests.factories import CycleFactory, UserFactory
from tests.faults.crashing import AFTER_COMMIT, AT_ONCE, KILLED, MAIL_LOG, kill_marker

BASE_DIR = Path(__file__).resolve().parents[2]
# System checks are left out: they import every view, seconds per run, and `make check` has them.
WORKER = ["manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--skip-checks"]


@dataclass
class Worker:
    """Runs `db_worker --batch` in a subprocess on the test's database."""

    faults_dir: Path
    env: dict
    sqlite_file: Path | None

    def kill(self, point: str, when: str) -> None:
        """The worker dies at `point` (see crashing.py), the next time it gets there."""
        kill_marker(self.faults_dir, point).write_text(when)

    def run(self) -> subprocess.CompletedProcess:
        if self.sqlite_file:
            self._copy_out()
        finished = subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
            [sys.executable, *WORKER],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if self.sqlite_file:
            self._copy_in()
        assert finished.returncode in (0, KILLED), finished.stderr
        return finished

    def mail(self) -> list[dict]:
        """Every e-mail the worker handed to the mail server, in order."""
        log = self.faults_dir / MAIL_LOG
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text().splitlines()]

    def _copy_out(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.sqlite_file}{suffix}").unlink(missing_ok=True)
        connection.ensure_connection()
        target = sqlite3.connect(self.sqlite_file)
        try:
            connection.connection.backup(target)
        finally:
            target.close()

    def _copy_in(self) -> None:
        source = sqlite3.connect(self.sqlite_file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def database_url(tmp_path: Path) -> tuple[str, Path | None]:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        return f"sqlite:///{path}", path
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{settings['NAME']}", None


@pytest.fixture
def worker(settings, tmp_path, isolated_file_storage) -> Worker:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    faults_dir = tmp_path / "faults"
    faults_dir.mkdir()
    url, sqlite_file = database_url(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "DATABASE_URL": url,
        "LAUREL_VAR_DIR": str(tmp_path / "var"),
        "LAUREL_FAULTS_DIR": str(faults_dir),
        "LAUREL_FAULTS_PRIVATE_ROOT": str(isolated_file_storage["private"]),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return Worker(faults_dir, env, sqlite_file)


def requeue_after_the_timeout() -> None:
    """What the periodic `requeue_stalled_tasks` does once the stalled task's time is up."""
    later = timezone.now() + STALLED_AFTER + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        call_command("requeue_stalled_tasks", stdout=io.StringIO())


def task_states() -> list[str]:
    """The states of the review tasks (Wagtail's own index tasks may run beside them)."""
    tasks = DBTaskResult.objects.filter(task_path__startswith="review.")
    return list(tasks.order_by("enqueued_at").values_list("status", flat=True))


def queued_message(cycle, to: str) -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        cycle=cycle,
        kind=MessageTemplate.Kind.REVIEWER,
        key=f"results:{cycle.pk}:reviewer:{to}",
        to=to,
        subject="Thank you for reviewing",
        body="The results are now public.",
        send_after=timezone.now() - timedelta(minutes=1),
    )


@pytest.mark.django_db(transaction=True)
def test_worker_killed_while_sending_no_message_goes_twice(worker):
    cycle = CycleFactory()
    first = queued_message(cycle, "first@example.org")
    second = queued_message(cycle, "second@example.org")
    worker.kill("mail-to-first@example.org", AFTER_COMMIT)
    worker.kill("mail-to-second@example.org", AT_ONCE)
    send_message.enqueue(first.pk)
    send_message.enqueue(second.pk)

    # Killed once the first e-mail was sent and recorded, before the task was marked done:
    # the task stays RUNNING, which no worker picks up.
    assert worker.run().returncode == KILLED
    assert [entry["to"] for entry in worker.mail()] == [["first@example.org"]]
    assert OutgoingMessage.objects.get(pk=first.pk).status == OutgoingMessage.Status.SENT
    assert task_states() == ["RUNNING", "READY"]
    ready = DBTaskResult.objects.ready().filter(task_path__startswith="review.")
    assert list(ready.values_list("args_kwargs", flat=True)) == [
        {"args": [second.pk], "kwargs": {}}
    ]

    # Requeued, the first task finds its message sent and does nothing. The worker then dies
    # between handing the second e-mail over and recording it: the message says "sending".
    requeue_after_the_timeout()
    assert worker.run().returncode == KILLED
    assert OutgoingMessage.objects.get(pk=second.pk).status == OutgoingMessage.Status.SENDING
    assert task_states() == ["SUCCESSFUL", "RUNNING"]

    requeue_after_the_timeout()
    assert worker.run().returncode == 0
    assert task_states() == ["SUCCESSFUL", "SUCCESSFUL"]
    mail = worker.mail()
    # Each e-mail was handed to the mail server once. Whether the server took the second one
    # cannot be known, so it is not sent again: staff see it failed, with the reason.
    assert [entry["to"] for entry in mail] == [["first@example.org"], ["second@example.org"]]
    sent = OutgoingMessage.objects.order_by("pk").values_list("status", "attempts")
    assert list(sent) == [("sent", 1), ("failed", 1)]
    assert "may have gone out" in OutgoingMessage.objects.get(pk=second.pk).last_error


@pytest.mark.django_db(transaction=True)
def test_worker_killed_after_storing_a_packet_the_job_keeps_one_packet(
    worker, isolated_file_storage
):
    cycle = CycleFactory()
    staff = UserFactory(staff=True)
    nomination = candidate(cycle, submitted_at=timezone.now())
    record_decision(cycle, nomination.dossier, staff, outcome=Decision.Outcome.WINNER)
    packets = isolated_file_storage["private"] / "packets"
    worker.kill("store", AT_ONCE)
    job = request_committee_packet(cycle, staff)

    # Killed right after the packet was written, before the job recorded it.
    assert worker.run().returncode == KILLED
    written = sorted(path.name for path in packets.iterdir())
    assert len(written) == 1
    job.refresh_from_db()
    assert job.status == PacketJob.Status.RUNNING
    assert task_states() == ["RUNNING"]

    requeue_after_the_timeout()
    assert worker.run().returncode == 0
    job.refresh_from_db()
    assert job.status == PacketJob.Status.DONE
    # The half-finished run's object is gone: one packet, the job's.
    assert sorted(f"packets/{path.name}" for path in packets.iterdir()) == [job.storage_key]
    with (isolated_file_storage["private"] / job.storage_key).open("rb") as stored:
        assert len(PdfReader(stored).pages) == job.pages
    assert task_states() == ["SUCCESSFUL"]


# The recovery command itself


def claimed(result, *, minutes_ago: int, claims: int) -> DBTaskResult:
    """A task a worker claimed `claims` times, the last `minutes_ago` minutes ago."""
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
        worker_ids=[f"worker-{number}" for number in range(claims)],
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_requeue_stalled_tasks_requeues_only_the_stalled_and_gives_up_on_repeats(db, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    running = claimed(build_packet.enqueue(1), minutes_ago=5, claims=1)
    stalled = claimed(build_packet.enqueue(2), minutes_ago=45, claims=2)
    fatal = claimed(build_packet.enqueue(3), minutes_ago=45, claims=3)
    out = io.StringIO()

    call_command("requeue_stalled_tasks", stdout=out)

    assert out.getvalue() == "1 task(s) requeued, 1 given up.\n"
    for result in (running, stalled, fatal):
        result.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING  # its worker may well be alive
    assert stalled.status == TaskResultStatus.READY
    assert list(DBTaskResult.objects.ready()) == [stalled]
    assert fatal.status == TaskResultStatus.FAILED
    error = fatal.task_result.errors[0]
    assert error.exception_class_path.endswith("requeue_stalled_tasks.WorkerLost")
    assert error.traceback == "The worker stopped during this task 3 times."
