"""Rubric versions: a rubric is locked at its first score; a change then makes a new version."""

from django.db import transaction
from django.db.models import Max

from portal.models import audit

from ..models import Rubric


def save_rubric_change(form, user) -> Rubric:
    """Save an edited rubric. If it is locked (scores exist), the edit becomes a new version and
    the locked one stays exactly as scored; reviews keep the version they were given against.

    Side effects: the rubric (or a new version with its criteria); an audit event.
    """
    with transaction.atomic():
        stored = Rubric.objects.select_for_update().get(pk=form.instance.pk)
        if not stored.locked:
            rubric = form.save()
            audit(user, "review.rubric_changed", rubric.cycle, rubric=rubric.pk)
            return rubric
        edited = form.save(commit=False)  # the form's values and criteria, in memory only
        version, _ = edited.copy_cluster(exclude_fields=["version", "locked", "created_at"])
        latest = Rubric.objects.filter(cycle=edited.cycle, stage=edited.stage).aggregate(
            v=Max("version")
        )["v"]
        version.version = (latest or 0) + 1
        version.locked = False
        version.save()
        audit(
            user,
            "review.rubric_versioned",
            version.cycle,
            rubric=version.pk,
            version=version.version,
            replaces=stored.pk,
        )
        return version
