"""The search index (Wagtail's database backend, the admin's search): the backend Wagtail picks
for the database in use, with one change on SQLite.

Wagtail indexes a saved page in a background task. On SQLite the index checks whether the page
has an entry, then inserts one; two task workers indexing the same page at once (a page saved
twice in quick succession) both find none, and the second insert fails. Here SQLite's index
does the check and the insert in one transaction: SQLite transactions here take the write lock
as they begin (`transaction_mode` IMMEDIATE, portal.settings), so the second worker waits, then
finds the first one's entry and updates it. PostgreSQL's index already inserts with ON CONFLICT.
"""

from functools import cache

from django.db import connection, transaction
from modelsearch.backends import database


def SearchBackend(params):
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        backend.index_class = sqlite_index_in_one_transaction()
    return backend


@cache
def sqlite_index_in_one_transaction():
    # Imported here: the module reads a model that exists only on SQLite with full-text search.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteIndex

    class SQLiteIndexInOneTransaction(SQLiteIndex):
        def add_items(self, model, objs):
            with transaction.atomic(using=self.write_connection.alias):
                super().add_items(model, objs)

    return SQLiteIndexInOneTransaction
