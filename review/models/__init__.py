from .assignments import Assignment, ReviewReminder, ReviewSettings
from .decisions import CertificateJob, Decision, PacketJob, Publication
from .messages import AnnouncementTemplate, MessageTemplate, OutgoingMessage
from .pool import Conflict, ReviewerEnrolment
from .reviews import CandidateScore, Ranking, Review, Score
from .rubrics import Criterion, Rubric
from .stages import Finalist, Stage

__all__ = [
    "AnnouncementTemplate",
    "Assignment",
    "CandidateScore",
    "CertificateJob",
    "Conflict",
    "Criterion",
    "Decision",
    "Finalist",
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
    "Stage",
]
