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
from .notes import NominationTag, StaffNote, TaggedNomination
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
    "NominationTag",
    "NomineeCategory",
    "PastWinner",
    "Question",
    "School",
    "SchoolLevel",
    "StaffNote",
    "TaggedNomination",
    "generate_code",
]
