"""The site-wide generation that every stored public page and every kept piece of site data is
keyed by (see cms.cache), and the next moment public pages change on the clock."""

import time

from django.conf import settings
from django.db import transaction
from django.db.models import F

from awards.queries import next_cycle_change
from portal.models import PageGeneration
from review.results import next_release


def _read_generation() -> int:
    generation = PageGeneration.objects.filter(pk=1).values_list("n", flat=True).first()
    if generation is None:  # a new (or flushed) database
        # Never a number stored pages of an earlier table could carry.
        row, _ = PageGeneration.objects.get_or_create(pk=1, defaults={"n": int(time.time() * 1000)})
        generation = row.n
    return generation


class _Generation:
    """This process's view of the site-wide generation, re-read at most every few tenths of a
    second."""

    value: int | None = None
    read_at: float = 0.0

    @classmethod
    def current(cls) -> int:
        now = time.monotonic()
        if cls.value is None or now - cls.read_at >= settings.PAGE_CACHE_GENERATION_CHECK:
            cls.value, cls.read_at = _read_generation(), now
        return cls.value


def bump_generation() -> None:
    """Retire every stored public page, in every process, once the current transaction
    commits (a rolled-back change retires nothing; a page rendered before the commit is not
    stored under the new generation).

    Side effects: after the commit, the generation row's number goes up by one (an atomic
    UPDATE: concurrent bumps all count) and this process re-reads it on its next request.
    """

    def bump():
        if not PageGeneration.objects.filter(pk=1).update(n=F("n") + 1):
            _read_generation()  # creates the row
            PageGeneration.objects.filter(pk=1).update(n=F("n") + 1)
        _Generation.value = None

    transaction.on_commit(bump)


def next_scheduled_change(now):
    """The next moment public pages change on the clock rather than by an edit (a cycle opens
    or closes, results are released at a set time), or None."""
    moments = [moment for moment in (next_cycle_change(now), next_release(now)) if moment]
    return min(moments, default=None)
