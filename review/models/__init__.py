from .assignments import Assignment, ReviewReminder, ReviewSettings
from .pool import Conflict, ReviewerEnrolment
from .reviews import Ranking, Review, Score
from .rubrics import Criterion, Rubric

__all__ = [
    "Assignment",
    "Conflict",
    "Criterion",
    "Ranking",
    "Review",
    "ReviewReminder",
    "ReviewSettings",
    "ReviewerEnrolment",
    "Rubric",
    "Score",
]
