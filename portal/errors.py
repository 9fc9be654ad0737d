"""The one error type of the domain: a rule of the product refused what someone asked.

Every refusal a person can act on (the cycle is closed, the reason is missing, the candidate
already has reviewers) is a `DomainError` subclass, raised by a domain operation with the
message that person reads. Views, admin screens and commands catch the subclass they expect
to show its message, never ValueError: a ValueError or TypeError from a bug is not caught, so
it ends as a server error that is logged and seen, not as a form message nobody questions.

A plain Exception, not Django's ValidationError: `str()` of a ValidationError is the repr of
its message list (`"['Give a reason.']"`), and form and model cleaning turn any
ValidationError into a field error, so a refusal raised inside a clean method would be shown
as if the form had found it. Here `str(error)` is the message (a lazy translation is rendered
in the active language when the view shows it).

Failures of the infrastructure (storage down, a feature the deployment does not have) are not
domain errors: the person cannot act on them, and they are handled on their own.
"""


class DomainError(Exception):
    """A domain operation refused what was asked; `str(error)` says why, for the person who
    asked (a subclass may carry more, such as the problems of each step)."""
