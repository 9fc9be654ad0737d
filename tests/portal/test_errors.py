"""The domain's one error type: every refusal of a domain operation is a DomainError, so views
catch that and never ValueError (a bug's ValueError is a server error that is seen)."""

import importlib
import inspect
import pkgutil

import awards.domain
import review.domain
from awards.domain.direct_uploads import DirectUploadsUnavailable
from awards.domain.nominations import NominationClosed, SubmissionIncomplete, SubmissionProblems
from awards.domain.uploads import StorageUnavailable
from portal.errors import DomainError
from review.domain.conflicts import ConflictUndoRefused
from review.domain.scoring import ReviewClosed

# Failures of the infrastructure, which nobody can act on but by trying later (or a bug).
NOT_REFUSALS = {StorageUnavailable, DirectUploadsUnavailable}


def exceptions_of_the_domain() -> list[type[BaseException]]:
    """Every exception class defined in a module of awards.domain or review.domain."""
    found = []
    for package in (awards.domain, review.domain):
        for module_info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(module_info.name)
            found += [
                value
                for value in vars(module).values()
                if inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            ]
    return found


def test_every_exception_of_the_domain_is_a_domain_error_or_an_infrastructure_failure():
    exceptions = exceptions_of_the_domain()
    refusals = [exc for exc in exceptions if exc not in NOT_REFUSALS]

    # The walk reaches both apps (an empty list would pass the last assertion).
    assert set(exceptions) >= NOT_REFUSALS
    assert set(refusals) >= {NominationClosed, ConflictUndoRefused, ReviewClosed}
    assert [exc.__name__ for exc in refusals if not issubclass(exc, DomainError)] == []
    assert [exc.__name__ for exc in NOT_REFUSALS if issubclass(exc, DomainError)] == []


def test_no_domain_error_is_a_value_error():
    """A view catching a refusal must not also catch a bug's ValueError (or the other way)."""
    refusals = [exc for exc in exceptions_of_the_domain() if issubclass(exc, DomainError)]

    assert [exc.__name__ for exc in refusals if issubclass(exc, ValueError)] == []


def test_domain_error_reads_as_its_message():
    assert str(DomainError("This nomination has already been sent.")) == (
        "This nomination has already been sent."
    )


def test_submission_incomplete_carries_the_problems_and_says_so():
    problems = SubmissionProblems()
    problems.add(3, "years", "Choose one of the options.")

    refused = SubmissionIncomplete(problems)

    assert refused.problems is problems
    assert str(refused) == "Some answers still need attention."
