"""Files built in the background (a committee packet, winners' certificates) and stored
privately, one per job, whatever happens to the worker that builds them."""

import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.storage import new_private_key, private_storage

from ..models.decisions import FileJob

logger = logging.getLogger(__name__)

Status = FileJob.Status


def run_file_job(
    job: FileJob,
    *,
    what: str,
    folder: str,
    suffix: str,
    build: Callable[[], bytes],
    finished: Callable[[bytes], dict] = lambda content: {},
) -> None:
    """Build a queued job's file with `build()` and store it privately under `folder`. A
    finished job is left alone, so a retried task does the work once; a failure is recorded on
    the job for staff ("The `what` could not be built"). `finished(content)` gives any more
    fields to set once it is stored.

    The file's key is recorded on the job before the object is written: a run killed after
    writing leaves that key behind, and the retry deletes the object before building again, so
    a job stores one file however often it ran. Of two overlapping runs (a task requeued while
    its first worker still ran) the one holding the recorded key finishes; the other deletes
    its own object.
    """
    jobs = type(job)._default_manager  # FileJob is abstract: the concrete job's manager
    if job.status == Status.DONE:
        return
    if job.storage_key:
        _delete(job.storage_key)
    key = new_private_key(folder, suffix)
    jobs.filter(pk=job.pk).update(status=Status.RUNNING, progress=1, storage_key=key)
    try:
        content = build()
        saved = private_storage().save(key, ContentFile(content))
    except Exception as exc:
        logger.exception("Building the %s of job %s failed", what, job.pk)
        _delete(key)
        jobs.filter(pk=job.pk, storage_key=key).update(
            status=Status.FAILED,
            storage_key="",
            message=f"The {what} could not be built ({type(exc).__name__}). Try again.",
            finished_at=timezone.now(),
        )
        return
    done = jobs.filter(pk=job.pk, storage_key=key).update(
        status=Status.DONE,
        progress=100,
        message="",
        storage_key=saved,
        finished_at=timezone.now(),
        **finished(content),
    )
    if not done:
        _delete(saved)


def _delete(key: str) -> None:
    try:
        private_storage().delete(key)
    except Exception:  # best effort: an orphan is logged for clean-up
        logger.exception("Could not delete the stored object %s", key)
