from .awards import Award, Cycle, NomineeCategory
from .schools import School, SchoolLevel

__all__ = ["Award", "Cycle", "NomineeCategory", "School", "SchoolLevel"]
