"""Rows built once for a whole test module, in a transaction that stays open until the module's
last test and is then rolled back. Each test runs in a savepoint within it (the `db` fixture's
transaction), so what a test writes is rolled back before the next one, and the module's rows
are gone before the next module starts."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def kept_for_the_module(django_db_blocker):
    """Opens the module's transaction, and rolls it back on leaving (also when building in it
    failed). Build in it with the database unblocked:

        with kept_for_the_module(django_db_blocker):
            with django_db_blocker.unblock():
                built = build()
            yield built
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
