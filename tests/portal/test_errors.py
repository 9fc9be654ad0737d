"""The domain's one error type: every refusal of a domain operation is a DomainError, so views
catch that and never ValueError (a bug's ValueError is a server error that is seen)."""

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import awards.domain
import review.domain
from awards.domain.direct_uploads import DirectUploadsUnavailable
from awards.domain.nominations import NominationClosed, SubmissionIncomplete, SubmissionProblems
from awards.domain.uploads import StorageUnavailable
from portal.errors import DomainError
from review.domain.conflicts import ConflictUndoRefused
from review.domain.scoring import ReviewClosed, ScoresRefused

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


def validation_errors_raised(source: str) -> list[int]:
    """The lines of `source` that raise Django's ValidationError (by any import path:
    `ValidationError`, `forms.ValidationError`, `exceptions.ValidationError`), called or not."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Raise) or node.exc is None:
            continue
        raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        name = raised.attr if isinstance(raised, ast.Attribute) else getattr(raised, "id", "")
        if name == "ValidationError":
            lines.append(node.lineno)
    return sorted(lines)


def domain_sources() -> dict[str, str]:
    """The source of every module of awards.domain and review.domain, by its path."""
    sources = {}
    for package in (awards.domain, review.domain):
        for folder in package.__path__:
            for path in sorted(Path(folder).rglob("*.py")):
                sources[str(path.relative_to(Path(folder).parent.parent))] = path.read_text()
    return sources


def test_the_walk_finds_a_validation_error_however_it_is_raised():
    source = """
from django import forms
from django.core import exceptions
from django.core.exceptions import ValidationError

def refuse(kind):
    if kind == 1:
        raise ValidationError("Give a reason.")
    if kind == 2:
        raise forms.ValidationError("Give a reason.") from None
    if kind == 3:
        raise exceptions.ValidationError
    try:
        return int(kind)
    except ValueError:
        raise
"""

    assert validation_errors_raised(source) == [8, 10, 12]


def test_no_module_of_the_domain_raises_a_validation_error():
    """A refusal is a DomainError subclass: a ValidationError raised by an operation would be
    caught by a form as if the form had found it, and read as "['Give a reason.']" elsewhere."""
    sources = domain_sources()

    # The walk reads both apps' operations (an empty walk would pass the last assertion).
    assert {"awards/domain/notes.py", "review/domain/scoring.py"} <= set(sources)
    found = {
        path: lines
        for path, source in sources.items()
        if (lines := validation_errors_raised(source))
    }
    assert found == {}


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


def test_scores_refused_carries_each_criterions_message_and_reads_as_them_once():
    refused = ScoresRefused(
        {3: "Give a score.", 4: "Give a score.", 5: "This criterion needs a comment."}
    )

    assert refused.errors == {
        3: "Give a score.",
        4: "Give a score.",
        5: "This criterion needs a comment.",
    }
    assert str(refused) == "Give a score. This criterion needs a comment."
