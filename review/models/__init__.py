from .assignments import Assignment, ReviewReminder, ReviewSettings
from .decisions import Decision, PacketJob, Publication
from .messages import AnnouncementTemplate, MessageTemplate, OutgoingMessage
from .pool import Conflict, ReviewerEnrolment
from .reviews import CandidateScore, Ranking, Review, Score
from .rubrics import Criterion, Rubric

__all__ = [
    "AnnouncementTemplate",
    "Assignment",
    "CandidateScore",
    "Conflict",
    "Criterion",
    "Decision",
    "MessageTemplate",
    "OutgoingMessage",
    "PacketJob",
    "Publication",
    "Ranking",
    "Review",
    "ReviewReminder",
    "ReviewSettings",
    "ReviewerEnrolment",
    "Rubric",
    "Score",
]
