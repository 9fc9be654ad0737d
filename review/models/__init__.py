from .assignments import Assignment, ReviewSettings
from .pool import Conflict, ReviewerEnrolment
from .rubrics import Criterion, Rubric

__all__ = [
    "Assignment",
    "Conflict",
    "Criterion",
    "ReviewSettings",
    "ReviewerEnrolment",
    "Rubric",
]
