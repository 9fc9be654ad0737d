from .awards import Award, Cycle, DeadlineExtension, NomineeCategory, PastWinner
from .dossiers import Dossier, DossierSuggestion
from .nominations import (
    LetterEmail,
    LetterRequest,
    Nomination,
    NominationFile,
    NominationRevision,
    generate_code,
)
from .questions import Question
from .schools import School, SchoolLevel

__all__ = [
    "Award",
    "Cycle",
    "DeadlineExtension",
    "Dossier",
    "DossierSuggestion",
    "LetterEmail",
    "LetterRequest",
    "Nomination",
    "NominationFile",
    "NominationRevision",
    "NomineeCategory",
    "PastWinner",
    "Question",
    "School",
    "SchoolLevel",
    "generate_code",
]
