"""ORM queries compiled once and run many times with one value changed.

Compiling a scoped queryset costs milliseconds (a user's scope is seven subqueries), which is
more than the query itself on the hot paths: every API call authenticates a token and every
report looks up its person in the caller's scope. `Prepared` compiles the queryset with a
placeholder value, keeps the SQL for a minute (like the rules, core.rules.cached) and then
only swaps the value in. The queryset stays the single definition of what is fetched.
"""

from collections.abc import Callable, Hashable
from typing import Any

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
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _compile(self, context: tuple) -> tuple:
        qs = self.build(PLACEHOLDER, *context).order_by()
        sql, params = qs.query.sql_with_params()
        slots = [i for i, p in enumerate(params) if p in (PLACEHOLDER, str(PLACEHOLDER))]
        return sql, tuple(params), (slots[0] if len(slots) == 1 else None), qs.db
