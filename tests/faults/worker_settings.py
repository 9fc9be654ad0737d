"""Settings of the `db_worker` subprocess of test_worker_killed.py: the test settings with the
real database queue, the recording mailer and the crashing private storage of crashing.py.
The database comes from DATABASE_URL, as in every environment."""

import os

from portal.settings.test import *  # noqa: F403
from portal.settings.test import STORAGES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
MAILERS = {"default": {"BACKEND": "tests.faults.crashing.RecordingMailer"}}
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "tests.faults.crashing.CrashingPrivateStorage",
        "OPTIONS": {"location": os.environ["LAUREL_FAULTS_PRIVATE_ROOT"]},
    },
}
