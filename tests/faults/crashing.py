"""Test-only parts the worker subprocess of test_worker_killed.py loads (worker_settings.py):
a mailer and a private storage that do their work, then kill the worker process, once, where
a marker file in LAUREL_FAULTS_DIR asks for it (as an out-of-memory kill or a lost machine
would: no exception, no clean-up, the task left RUNNING)."""

import json
import os
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from portal.storage import PrivateFileSystemStorage

KILLED = 9
# What a marker file holds: when to die.
AT_ONCE = "at once"
AFTER_COMMIT = "after commit"
MAIL_LOG = "mail.jsonl"


def kill_marker(folder: Path, point: str) -> Path:
    return folder / f"kill-{point}"


def faults_dir() -> Path:
    return Path(os.environ["LAUREL_FAULTS_DIR"])


def die_where_asked(point: str) -> None:
    """Kill this process if a marker asks for it at `point`; the marker is used up."""
    marker = kill_marker(faults_dir(), point)
    if not marker.exists():
        return
    when = marker.read_text()
    marker.unlink()
    if when == AFTER_COMMIT:
        # The task's transaction commits, its work is whole; the worker never records the
        # task as done.
        transaction.on_commit(lambda: os._exit(KILLED))
    else:
        os._exit(KILLED)


class RecordingMailer(BaseEmailBackend):
    """Hands each message over by appending it to the mail log (what the mail server got)."""

    def send_messages(self, email_messages):
        for message in email_messages:
            with (faults_dir() / MAIL_LOG).open("a") as log:
                log.write(
                    json.dumps(
                        {
                            "to": message.to,
                            "subject": message.subject,
                            "message_id": message.extra_headers.get("Message-ID"),
                        }
                    )
                    + "\n"
                )
                log.flush()
                os.fsync(log.fileno())
            for address in message.to:
                die_where_asked(f"mail-to-{address}")
        return len(email_messages)


class CrashingPrivateStorage(PrivateFileSystemStorage):
    """Private storage on disk that may kill the process right after writing an object."""

    def _save(self, name, content):
        name = super()._save(name, content)
        die_where_asked("store")
        return name
