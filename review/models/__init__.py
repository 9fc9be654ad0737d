from .assignments import Assignment, ReviewSettings
from .pool import Conflict, ReviewerEnrolment
from .reviews import Review, Score
from .rubrics import Criterion, Rubric

__all__ = [
    "Assignment",
    "Conflict",
    "Criterion",
    "Review",
    "ReviewSettings",
    "ReviewerEnrolment",
    "Rubric",
    "Score",
]
