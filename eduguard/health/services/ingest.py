"""Writing the first report of a person's day, which is what the morning peak consists of.

The report, its count in its unit's tally, its follow-up (when abnormal) and its change-log
row go in together or not at all. On PostgreSQL that is one statement, a chain of
data-modifying CTEs, sent in one round trip and committed on its own unless the caller holds
a transaction; elsewhere (SQLite) it is the same rows through the ORM in one transaction.
If the person already has a report that day nothing is written and the caller replaces it.
"""

import functools

from django.db import IntegrityError, connection, transaction

from eduguard.audit.models import ChangeLog
from eduguard.core.prepared import hot_cursor
from eduguard.health.models import DailyReport, FollowUp
from eduguard.health.services import tallies


def insert_first(report: DailyReport, follow_up: FollowUp | None, change: ChangeLog) -> bool:
    """Insert `report` (unsaved) with its follow-up and change-log row, and count it in its
    unit's tally (tallies.ensure_unit). False, writing nothing, when the person already has a
    report that day."""
    insert = _insert_in_one_statement if connection.vendor == "postgresql" else _insert_with_orm
    outcome = insert(report, follow_up, change)
    if outcome is None:
        return False
    if not outcome:  # the unit's tally row vanished after this process saw it: recreate, count
        tallies.forget()
        tallies.ensure_unit(report.date, report.unit)
        tallies.apply(report, +1)
    return True


# Each writer returns None when the person already had a report, else whether the report's
# unit tally row was there to count it in.


def _insert_with_orm(report, follow_up, change) -> bool | None:
    with transaction.atomic():
        try:
            with transaction.atomic():
                report.save(force_insert=True)
        except IntegrityError:
            return None
        counted = tallies.apply(report, +1)
        if follow_up is not None:
            follow_up.report = report
            follow_up.save(force_insert=True)
        change.object_id = str(report.pk)
        change.save(force_insert=True)
    return bool(counted)


def _insert_in_one_statement(report, follow_up, change) -> bool | None:
    dependents = [(change, _CHANGE_FROM_INS)]
    if follow_up is not None:
        dependents.append((follow_up, _FOLLOW_UP_FROM_INS))
    params = _values(report, {})
    params += tallies.apply_params(report, +1)
    for obj, from_ins in dependents:
        params += _values(obj, from_ins)
    with hot_cursor() as cursor:
        cursor.execute(_statement(follow_up is not None), params)
        row = cursor.fetchone()
    if row is None:
        return None
    report.pk, counted = row
    report._state.adding = False
    report._state.fields_cache.pop("follow_up", None)  # saved by the statement; read it afresh
    return bool(counted)


# Columns of the rows written with the report whose values come from the inserted report.
_CHANGE_FROM_INS = {"object_id": "ins.id::text"}
_FOLLOW_UP_FROM_INS = {"report_id": "ins.id"}


@functools.cache
def _statement(with_follow_up: bool) -> str:
    """The one statement, built once per shape; only its parameters change per report."""
    qn = connection.ops.quote_name
    dependents = [(ChangeLog, _CHANGE_FROM_INS)]
    if with_follow_up:
        dependents.append((FollowUp, _FOLLOW_UP_FROM_INS))
    cols, values = _columns(DailyReport, {})
    parts = [
        f"ins AS (INSERT INTO {qn(DailyReport._meta.db_table)} ({cols}) VALUES ({values}) "
        "ON CONFLICT (person_id, date) DO NOTHING RETURNING id)",
        f"tally AS ({tallies.apply_sql(only_if='EXISTS (SELECT 1 FROM ins)')} RETURNING 1)",
    ]
    for n, (model, from_ins) in enumerate(dependents):
        cols, values = _columns(model, from_ins)
        parts.append(f"dep{n} AS (INSERT INTO {qn(model._meta.db_table)} ({cols}) SELECT {values} FROM ins)")
    return "WITH " + ", ".join(parts) + " SELECT id, (SELECT count(*) FROM tally) FROM ins"


def _fields(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _columns(model, sql_for: dict[str, str]) -> tuple[str, str]:
    """Column list and value expressions to insert a `model` row: a parameter for each column,
    or the SQL expression `sql_for` gives for its attribute."""
    fields = _fields(model)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    return cols, ", ".join(sql_for.get(f.attname, "%s") for f in fields)


def _values(obj, sql_for: dict[str, str]) -> list:
    """The parameters `_columns` asks for, prepared as Model.save prepares them."""
    return [
        f.get_db_prep_save(f.pre_save(obj, True), connection)
        for f in _fields(type(obj))
        if f.attname not in sql_for
    ]
