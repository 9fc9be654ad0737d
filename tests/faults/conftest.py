from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import OperationalError, connection


@dataclass
class QueryFault:
    """An `execute_wrapper` that lets `fail_at - 1` queries through, then fails the next one as a
    lost connection or a full disk would. Counting starts when the wrapper is installed."""

    fail_at: int
    seen: int = 0
    failed_sql: str = ""

    def __call__(self, execute, sql, params, many, context):
        self.seen += 1
        if self.seen == self.fail_at:
            self.failed_sql = sql
            raise OperationalError(f"injected failure of query {self.seen}")
        return execute(sql, params, many, context)

    @property
    def fired(self) -> bool:
        return bool(self.failed_sql)


@pytest.fixture
def fail_query():
    """`with fail_query(n) as fault:` makes the nth database query from there fail."""

    @contextmanager
    def armed(fail_at: int):
        fault = QueryFault(fail_at)
        with connection.execute_wrapper(fault):
            yield fault

    return armed
