"""The roster import for every file: RosterImporter's steps with a cheaper row check and bulk writes.

DESIGN.md budgets a million .csv rows into PostgreSQL in 120 s; RosterImporter binds PersonForm to
each row and inserts with multi-row INSERTs, about 10 minutes for that file (docs/performance.md).
FastRosterImporter keeps every step and message of RosterImporter (the parity tests in
org/tests/test_roster_fast.py hold it to that) and changes only how each is done:

1. Each row is checked by forms.clean_person_data: PersonForm's own fields (with the same preloaded,
   scoped choices) and its clean_<field> functions and check_person, called directly; a form per
   row costs ~130 µs, the direct calls ~25 µs. Fields with few distinct values are cleaned once.
2. A valid row is kept as a tuple, not a cleaned-data dict, so a million rows fit in memory.
3. Existing people are looked up by id_hash in large batches (on PostgreSQL one `= ANY(array)` per
   50,000 rows), and only the rows whose hash exists go through RosterImporter's matching.
4. New people, their guardians and their change-log rows (one per person, the same row save_person
   writes) are written in batches: on PostgreSQL with COPY, primary keys taken from the sequence
   first; elsewhere with importer.insert_rows. People whose row changes them go through save_person.
   Everything is written in one transaction, as before.
"""

import json
import multiprocessing
import queue
import threading
from itertools import islice
from types import SimpleNamespace

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone

from eduguard.audit.context import request_id_var
from eduguard.audit.models import ChangeAction, ChangeLog, Source
from eduguard.org.forms import PersonForm, clean_person_data
from eduguard.org.models import County, Guardian, Person
from eduguard.org.roster import importer
from eduguard.org.services import person_snapshot, save_person

KEYS = tuple(PersonForm.base_fields)  # a kept row's values, in this order
BATCH = 5_000  # rows per COPY (or INSERT) round: bounded memory, few round trips
_PG_LOOKUP = 50_000  # hashes per `id_hash = ANY(%s)` look-up on PostgreSQL


_UNITS = {"school", "school_class", "dorm"}


class _KeptRow:
    """A valid row as RosterImporter's _Row, with its cleaned data held as a tuple.

    `sealed` holds the encrypted, hashed and masked columns when a worker process computed them.
    """

    __slots__ = ("number", "values", "county", "id_hash", "sealed")

    def __init__(self, number: int, values: tuple, county: County | None, id_hash: str, sealed=None):
        self.number, self.values, self.county, self.id_hash = number, values, county, id_hash
        self.sealed = sealed

    @property
    def data(self) -> dict:
        return dict(zip(KEYS, self.values, strict=True))

    def portable(self) -> tuple:
        """What a worker sends back: units and county as primary keys (cheap to pickle)."""
        values = tuple(
            v.pk if k in _UNITS and v is not None else v for k, v in zip(KEYS, self.values, strict=True)
        )
        county = self.county.pk if self.county is not None else None
        return (self.number, values, county, self.id_hash, _seal(self.data))


class FastRosterImporter(importer.RosterImporter):
    """RosterImporter with the row check, the look-up of existing people and the writes in bulk."""

    def _prepare_fields(self) -> None:
        super()._prepare_fields()
        self.check_fields = self.form.fields  # PersonForm's fields, school/class/dorm preloaded
        self.memo: dict = {}

    def _validate_rows(self, table, index):
        """RosterImporter's loop, or the same in worker processes for a large file (see _parallel)."""
        if not _parallel(table.total):
            return super()._validate_rows(table, index)
        self.maps = importer._OrgMaps(self.user)
        self._prepare_fields()
        self.index = index
        units = {name: field.by_pk for name, field in self.fields.items()}
        units["school"] = {s.pk: s for s in self.maps.schools.values()}  # a class's school, too
        positions = [(KEYS.index(name), units[name]) for name in sorted(_UNITS)]
        global _WORKING
        _WORKING = self  # inherited by the forked workers
        rows: list[_KeptRow] = []
        done = 0
        self.progress(0, table.total)
        context = multiprocessing.get_context("fork")
        try:
            with context.Pool(settings.EDUGUARD_ROSTER_WORKERS) as pool:
                for problems, kept, count in pool.imap(_validate_chunk, _chunks(table.rows, _CHUNK)):
                    for problem in problems:
                        self._problem(problem.row, problem.column, problem.reason)
                    for number, values, county, id_hash, sealed in kept:
                        values = list(values)
                        for position, by_pk in positions:
                            if values[position] is not None:
                                values[position] = by_pk[values[position]]
                        county = self.maps.county_by_id[county] if county is not None else None
                        rows.append(_KeptRow(number, tuple(values), county, id_hash, sealed))
                    done += count
                    self.progress(done, max(table.total or 0, done))
        finally:
            _WORKING = None
        self.result.total = done
        self.progress(done, done)
        return rows

    def _clean(self, form_data: dict):
        return clean_person_data(form_data, fields=self.check_fields, today=self.today, memo=self.memo)

    def _make_row(self, number, cleaned, county, id_hash):
        return _KeptRow(number, tuple(cleaned.get(k) for k in KEYS), county, id_hash)

    def _match_existing(self, rows):
        """RosterImporter's matching for the rows whose ID number is registered; the rest are new.

        Returns row number → person for the rows that would change their person; the rows that
        would not are counted in self.unchanged_rows (RosterImporter decides that in _write).
        """
        self.unchanged_rows: set[int] = set()
        invalid = self.result.invalid_rows
        wanted = [r for r in rows if r.id_hash and r.number not in invalid]
        registered = _registered_hashes([r.id_hash for r in wanted])
        candidates = [r for r in wanted if r.id_hash in registered]
        matched: dict[int, Person] = {}
        for start in range(0, len(candidates), BATCH):
            chunk = candidates[start : start + BATCH]
            found = super()._match_existing(chunk)
            pairs = [(r, found[r.number]) for r in chunk if r.number in found]
            changed = {r.number for r, _ in importer._changed_rows(pairs)}
            for row, person in pairs:
                if row.number in changed:
                    matched[row.number] = person
                else:
                    self.unchanged_rows.add(row.number)
        return matched

    def _write(self, rows, existing) -> None:
        if not rows:
            return
        new = [r for r in rows if r.number not in existing and r.number not in self.unchanged_rows]
        with transaction.atomic():
            self.result.created = write_new_people(self.actor, Source.IMPORT, new)
            self.result.unchanged = len(self.unchanged_rows)
            for row in rows:
                person = existing.get(row.number)
                if person is None:
                    continue
                _, outcome = save_person(
                    actor=self.actor, source=Source.IMPORT, data=row.data, county=row.county, person=person
                )
                if outcome == "updated":
                    self.result.updated += 1
                else:
                    self.result.unchanged += 1
            if self.dry_run:
                transaction.set_rollback(True)
        self.result.written = True


# -- validating in worker processes --------------------------------------------------------------
# Checking and sealing a row costs ~80 µs of Python; a PostgreSQL COPY ~40 µs of the server. On a
# large file the rows are checked and sealed by forked workers (the org maps and fields are
# inherited, nothing touches the database), in file order, and the parent writes.

_CHUNK = 2_000
_WORKING: "FastRosterImporter | None" = None


def _parallel(total: int | None) -> bool:
    """Workers for a file of EDUGUARD_ROSTER_PARALLEL_ROWS rows or more, where fork is possible.

    A Celery prefork worker is a daemon process, which may not start children: it checks inline.
    """
    return (
        settings.EDUGUARD_ROSTER_WORKERS > 1
        and (total or 0) >= settings.EDUGUARD_ROSTER_PARALLEL_ROWS
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def _chunks(rows, size: int):
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def _validate_chunk(chunk: list) -> tuple[list, list, int]:
    """In a worker: the problems and kept rows (portable) of a chunk of (number, cells)."""
    work = _WORKING
    work.result = importer.ImportResult()
    kept = []
    for number, cells in chunk:
        row = work._validate_row(number, importer.row_values(cells, work.index))
        if row is not None:
            kept.append(row.portable())
    return work.result.problems, kept, len(chunk)


def _seal(data: dict) -> tuple:
    """The sealed columns of a person and guardian (the models' own set_* methods)."""
    person, guardian = SimpleNamespace(), SimpleNamespace()
    Person.set_id_number(person, data["id_type"], data.get("id_number") or "")
    Person.set_phone(person, data.get("phone") or "")
    Person.set_address(person, data.get("address") or "")
    Guardian.set_phone(guardian, data.get("guardian_phone") or "")
    return (
        *(getattr(person, name) for name in _PERSON_SEALED),
        *(getattr(guardian, n) for n in _GUARDIAN_SEALED),
    )


_PERSON_SEALED = (
    "id_type",
    "id_number_enc",
    "id_hash",
    "id_masked",
    "phone_enc",
    "phone_hash",
    "phone_masked",
)
_PERSON_SEALED += ("address_enc",)
_GUARDIAN_SEALED = ("phone_enc", "phone_hash", "phone_masked")


def _registered_hashes(hashes: list[str]) -> set[str]:
    """Those of `hashes` some person is registered under."""
    connection = connections[router.db_for_read(Person)]
    found: set[str] = set()
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT id_hash FROM {connection.ops.quote_name(Person._meta.db_table)} WHERE id_hash = ANY(%s)"
        )
        with connection.cursor() as cursor:
            for start in range(0, len(hashes), _PG_LOOKUP):
                cursor.execute(sql, [hashes[start : start + _PG_LOOKUP]])
                found.update(h for (h,) in cursor.fetchall())
        return found
    for start in range(0, len(hashes), importer._LOOKUP_CHUNK):
        chunk = hashes[start : start + importer._LOOKUP_CHUNK]
        found.update(Person.objects.filter(id_hash__in=chunk).values_list("id_hash", flat=True))
    return found


# -- writing new people --------------------------------------------------------------------------


def _sealed_person(row: _KeptRow, now) -> SimpleNamespace:
    """The Person columns of a new person from a kept row: services._apply's mapping, with the
    model's own sealing methods (encryption, look-up hash, mask) called on a plain namespace."""
    data = row.data
    school, klass, dorm = data["school"], data["school_class"], data["dorm"]
    person = SimpleNamespace(
        county_id=row.county.pk if row.county is not None else None,
        school_id=school.pk if school is not None else None,
        school_class_id=klass.pk if klass is not None else None,
        dorm_id=dorm.pk if dorm is not None else None,
        category=data["category"],
        staff_type=data.get("staff_type") or "",
        name=data["name"],
        sex=data["sex"],
        birth_date=data["birth_date"],
        household_township=data.get("household_township") or "",
        boarding=bool(data.get("boarding")),
        is_active=True,
        created_at=now,
        updated_at=now,
    )
    sealed = row.sealed or _seal(data)
    vars(person).update(zip(_PERSON_SEALED, sealed, strict=False))
    guardians = []
    if data.get("guardian_name"):
        guardian = SimpleNamespace(
            county_id=person.county_id, name=data["guardian_name"], relation=data["guardian_relation"]
        )
        vars(guardian).update(zip(_GUARDIAN_SEALED, sealed[len(_PERSON_SEALED) :], strict=True))
        guardians.append(guardian)
    person.guardians = SimpleNamespace(all=lambda: guardians)  # what person_snapshot reads
    return person


def write_new_people(actor, source: str, rows: list[_KeptRow]) -> int:
    """Create the people of `rows` with their guardian and one change-log row each; returns the count.

    The rows are those importer.create_people would write from the same data, in batches of BATCH:
    COPY on PostgreSQL, importer.insert_rows elsewhere.
    """
    if not rows:
        return 0
    connection = connections[router.db_for_write(Person)]
    actor_id, actor_name = importer.audit_actor(actor)
    log = {
        "actor_id": actor_id,
        "actor_name": actor_name,
        "source": source,
        "request_id": request_id_var.get(),
        "action": ChangeAction.CREATE,
        "object_type": Person._meta.label_lower,
        "before": None,
    }
    copy = connection.vendor == "postgresql"
    if copy:
        writer = _Copier(connection)
        all_keys = writer.reserve_keys(Person, len(rows))
    try:
        for start in range(0, len(rows), BATCH):
            _write_batch(
                rows[start : start + BATCH],
                writer if copy else None,
                log,
                all_keys[start : start + BATCH] if copy else None,
            )
    finally:
        if copy:
            writer.close()
    return len(rows)


def _write_batch(rows: list[_KeptRow], writer, log: dict, keys: list[int] | None) -> None:
    now = timezone.now()
    people = [_sealed_person(row, now) for row in rows]
    copy = writer is not None
    if not copy:
        keys = importer.insert_rows(Person, [vars(p) for p in people])
    guardians, logs = [], []
    for person, pk in zip(people, keys, strict=True):
        person.id = person.pk = pk
        for guardian in person.guardians.all():
            guardian.person_id = pk
            guardians.append(guardian)
        after = person_snapshot(person)
        logs.append(
            SimpleNamespace(
                **log,
                at=now,
                object_id=str(pk),
                object_repr=person.name[:200],
                after=json.dumps(after, ensure_ascii=False) if copy else after,
            )
        )
    if copy:
        writer.copy(Person, people)
        writer.copy(Guardian, guardians)
        writer.copy(ChangeLog, logs)
    else:
        importer.insert_rows(Guardian, [vars(g) for g in guardians])
        importer.insert_rows(ChangeLog, [vars(e) for e in logs])


class _Copier:
    """COPY FROM STDIN of namespaces holding a model's attnames (psycopg 3 `cursor.copy`).

    The COPYs run in a thread of their own, so the server ingests one batch while this process
    prepares the next (the thread mostly waits on the socket, without the GIL). It uses the same
    connection, so the same transaction; the caller makes no other query until close().
    """

    def __init__(self, connection):
        self.connection = connection
        self.statements: dict = {}
        self.jobs: queue.Queue = queue.Queue(maxsize=3)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="roster-copy", daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Wait for every COPY; raise the first error one met."""
        self.jobs.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        raw = self.connection.connection  # psycopg's connection under Django's
        while (job := self.jobs.get()) is not None:
            if self.error is not None:
                continue  # drain: the transaction is lost, close() raises
            sql, getters, objs = job
            try:
                with self.connection.wrap_database_errors, raw.cursor() as cursor, cursor.copy(sql) as copy:
                    for obj in objs:
                        values = vars(obj)
                        copy.write_row([values.get(name, default) for name, default in getters])
            except BaseException as exc:  # noqa: BLE001 - handed to the caller by close()
                self.error = exc

    def reserve_keys(self, model, count: int) -> list[int]:
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [self.connection.ops.quote_name(table), model._meta.pk.column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]

    def copy(self, model, objs: list) -> None:
        if not objs:
            return
        if model not in self.statements:
            quote = self.connection.ops.quote_name
            first = objs[0]
            # The primary key when the caller set it (people, whose keys the other rows carry).
            fields = [
                f for f in model._meta.concrete_fields if not f.primary_key or hasattr(first, f.attname)
            ]
            columns = ", ".join(quote(f.column) for f in fields)
            getters = [(f.attname, f.get_default()) for f in fields]
            self.statements[model] = (f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", getters)
        sql, getters = self.statements[model]
        if self.error is not None:
            raise self.error
        self.jobs.put((sql, getters, objs))
