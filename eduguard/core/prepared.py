"""ORM queries compiled once and run many times with one value changed.

Compiling a scoped queryset costs milliseconds (a user's scope is seven subqueries), which is
more than the query itself on the hot paths: every API call authenticates a token and every
report looks up its person in the caller's scope. `Prepared` compiles the queryset with a
placeholder value, keeps the SQL for a minute (like the rules, core.rules.cached) and then
only swaps the value in. The queryset stays the single definition of what is fetched.

On PostgreSQL these hot statements also go through `hot_cursor`: bound on the server and
prepared there once per connection, so the server stops planning them on every request and
the client stops quoting the parameters into the text (settings.DB_PREPARED_STATEMENTS, on
by default; turn it off behind a connection pooler that cannot keep prepared statements).
"""

import contextlib
import functools
from collections.abc import Callable, Hashable, Iterator
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet

from eduguard.core.rules import cached

# A value no real key takes: primary keys are positive and token keys are hex.
PLACEHOLDER = -7_355_608


class Prepared:
    """`build(value, *context)` returns a values_list() queryset filtered on `value`;
    `rows(key, v, *context)` runs it for `v`, with the SQL compiled once under `key`: everything
    the queryset's SQL depends on besides `value` (such as the user and the day of a scope)."""

    def __init__(self, name: str, build: Callable[[Any], QuerySet]):
        self.name = name
        self.build = build

    def rows(self, key: Hashable, value: Any, *context) -> list[tuple]:
        sql, params, slot, using = cached((self.name, key), lambda: self._compile(context))
        if slot is None:  # the placeholder did not come out as one parameter: run it plainly
            return list(self.build(value, *context))
        params = list(params)
        params[slot] = value
        with hot_cursor(using) as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _compile(self, context: tuple) -> tuple:
        qs = self.build(PLACEHOLDER, *context).order_by()
        sql, params = qs.query.sql_with_params()
        slots = [i for i, p in enumerate(params) if p in (PLACEHOLDER, str(PLACEHOLDER))]
        return sql, tuple(params), (slots[0] if len(slots) == 1 else None), qs.db


@contextlib.contextmanager
def hot_cursor(using: str = "default") -> Iterator:
    """A cursor for a statement run many times with new values: on PostgreSQL it is bound on
    the server and prepared once per connection; elsewhere it is the ordinary cursor. It is
    Django's cursor wrapper either way, so query logging and execute wrappers still see it."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _preparing_cursor_class()(connection.connection)
    wrapped = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with wrapped as cursor:
        yield cursor


@functools.cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        """Every statement prepared on the server (psycopg keeps the last 100 per connection)."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            result = super().execute(query, params, prepare=True, binary=binary)
            # What Django's query log reads back (ops.last_executed_query), which psycopg keeps
            # for client-side binding only: the statement with its placeholders.
            self._query = _Executed(query.encode() if isinstance(query, str) else query)
            return result

    return PreparingCursor


class _Executed:
    def __init__(self, query: bytes):
        self.query = query
