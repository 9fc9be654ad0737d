"""Scoring: a reviewer's scores for a candidate, against the cycle's current rubric."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.errors import DomainError
from portal.models import audit

from ..models import Assignment, Review, Rubric, Score, Stage
from .aggregates import refresh_scores
from .ranking import add_extra_reviewers


class ReviewClosed(DomainError):
    """The review window is closed."""


class ScoresFinal(ReviewClosed):
    """The reviewer has seen the other reviewers' scores: theirs can no longer change."""


class ScoresRefused(DomainError):
    """Scores the rubric does not take (out of scale; on submit, missing or without a comment a
    criterion asks for). `errors` holds the message of each criterion, by criterion id, for the
    scoring form to show beside it; `str(error)` is those messages, each once."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(" ".join(dict.fromkeys(str(message) for message in errors.values())))
        self.errors = errors


SCORES_FINAL = gettext_lazy("Your scores are final: you have seen the other reviewers' scores.")


def current_rubric(cycle, stage: str = Stage.FIRST) -> Rubric | None:
    """The latest version of the rubric `cycle`'s `stage` is scored against."""
    return (
        cycle.rubrics.filter(stage=stage).order_by("-version").prefetch_related("criteria").first()
    )


def review_open(assignment: Assignment, now=None) -> bool:
    """Whether the assignment's stage still takes scores: the first stage until review closes,
    the finalist round until the finalists close."""
    settings = assignment.enrolment.cycle.review_settings
    if assignment.enrolment.stage == Stage.FINALIST:
        closes = settings.finalists_close_at
    else:
        closes = settings.review_closes_at
    return closes is None or (now or timezone.now()) < closes


def score_errors(rubric: Rubric, values: dict, comments: dict, *, submitting: bool) -> dict:
    """Problems by criterion id: out-of-scale values always; missing ones only on submit."""
    errors = {}
    for criterion in rubric.criteria.all():
        value = values.get(criterion.pk)
        if value is None:
            if submitting:
                errors[criterion.pk] = _("Give a score.")
            continue
        in_scale = criterion.scale_min <= value <= criterion.scale_max
        on_step = (value - criterion.scale_min) % criterion.scale_step == 0
        if not (in_scale and on_step):
            errors[criterion.pk] = _("Choose a score from %(low)s to %(high)s.") % {
                "low": criterion.scale_min,
                "high": criterion.scale_max,
            }
        elif submitting and criterion.comment_required and not comments.get(criterion.pk):
            errors[criterion.pk] = _("This criterion needs a comment.")
    return errors


def weighted_total(rubric: Rubric, values: dict) -> Decimal | None:
    """Sum of weight x score over the criteria; None until every criterion is scored."""
    total = Decimal(0)
    for criterion in rubric.criteria.all():
        if values.get(criterion.pk) is None:
            return None
        total += criterion.weight * values[criterion.pk]
    return total


def save_review(
    assignment: Assignment, user, *, values: dict, comments: dict, comment: str, submit: bool
) -> Review:
    """Save (and optionally submit) a reviewer's scores. Editable until the window closes, or
    until the other reviewers' scores have been shown to this reviewer (`ScoresFinal`). A
    committee member's scores of a finalist are the same, against the finalist round's rubric
    and window; they never count in the first stage's ranking.

    Side effects: the Review and its Scores; the rubric is locked at its first score; an audit
    event for every change of score; on submit, where the cycle asks for it, a task that adds
    a reviewer to candidates whose scores disagree near the cutoff. Raises PermissionDenied,
    ReviewClosed (or ScoresFinal), or ScoresRefused with the errors by criterion id.
    """
    if assignment.enrolment.reviewer_id != user.pk or assignment.removed_at is not None:
        raise PermissionDenied
    if not review_open(assignment):
        raise ReviewClosed(_("The review window has closed."))
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(assignment=assignment).first()
        if review is not None and review.others_seen_at is not None:
            raise ScoresFinal(SCORES_FINAL)
        enrolment = assignment.enrolment
        rubric = review.rubric if review else current_rubric(enrolment.cycle, enrolment.stage)
        if rubric is None:
            raise ReviewClosed(_("This cycle has no rubric yet."))
        saved = (
            {} if review is None else {score.criterion_id: score for score in review.scores.all()}
        )
        # A blank field keeps the score already saved: a draft sent later from a form where
        # that field is still empty (another tab, a slow autosave) must not undo it.
        posted = {pk for pk, value in values.items() if value is not None}
        merged = {pk: score.value for pk, score in saved.items()} | {
            pk: values[pk] for pk in posted
        }
        merged_comments = {pk: score.comment for pk, score in saved.items()} | {
            pk: comments.get(pk, "") for pk in posted
        }
        errors = score_errors(rubric, merged, merged_comments, submitting=submit)
        if errors:
            raise ScoresRefused(errors)
        if review is None:
            review = Review.objects.create(
                assignment=assignment,
                rubric=rubric,
                cycle_id=assignment.enrolment.cycle_id,
                dossier_id=assignment.dossier_id,
                enrolment_id=assignment.enrolment_id,
            )
        before = {pk: score.value for pk, score in saved.items()}
        for criterion in rubric.criteria.all():
            if values.get(criterion.pk) is None:
                continue
            Score.objects.update_or_create(
                review=review,
                criterion=criterion,
                defaults={"value": values[criterion.pk], "comment": comments.get(criterion.pk, "")},
            )
        review.comment = comment
        review.weighted_total = weighted_total(rubric, merged)
        if submit:
            review.status = Review.Status.SUBMITTED
            review.submitted_at = review.submitted_at or timezone.now()
        review.total = None if review.weighted_total is None else float(review.weighted_total)
        review.counted = review.status == Review.Status.SUBMITTED and review.total is not None
        review.save()
        refresh_scores([assignment.enrolment_id])
        if not rubric.locked:
            Rubric.objects.filter(pk=rubric.pk).update(locked=True)
        after = dict(review.scores.values_list("criterion_id", "value"))
        if after != before or submit:
            audit(
                user,
                "review.scored",
                assignment.dossier,
                review=review.pk,
                scores={str(k): v for k, v in after.items()},
                submitted=submit,
            )
        cycle = assignment.enrolment.cycle
        first_stage = assignment.enrolment.stage == Stage.FIRST
        if submit and first_stage and cycle.review_settings.extra_reviewer_near_cutoff:
            transaction.on_commit(lambda: add_extra_reviewers.enqueue(cycle.pk))
    return review


def mark_others_seen(review: Review, user) -> bool:
    """Record that the other reviewers' scores are being shown to this review's reviewer: their
    own scores are final from now on, so a placeholder cannot be submitted to read the others
    and then changed. Returns whether this was the first time.

    Side effects: the review's `others_seen_at`, once; an audit event the first time.
    """
    with transaction.atomic():
        first = bool(
            Review.objects.filter(pk=review.pk, others_seen_at__isnull=True).update(
                others_seen_at=timezone.now()
            )
        )
        if first:
            audit(user, "review.others_scores_shown", review.assignment.dossier, review=review.pk)
    review.refresh_from_db(fields=["others_seen_at"])
    return first
