"""Roster import: every row through PersonForm, every write through save_person, all or nothing.

`import_roster()` is shared by the `import-roster` command and the web upload task:

1. Read the file (reader.read_table); a file that is not a roster is one RosterFileError.
2. Map headers to columns; a missing required column stops the import before any row is read.
3. Resolve each row's 学校代码 / 年级 / 班级 / 宿舍 through in-memory maps built once, translate the
   Chinese labels into choice values, and validate the row with PersonForm (the validator of manual
   entry). Its school/class/dorm fields keep the form's own scoped querysets, pre-loaded into dicts.
4. Find duplicate ID numbers within the file (every row involved is reported) and, in bulk, the
   people already registered under those ID numbers: that row updates the person, unless the name
   differs ("证件号码已登记为另一人") or the person is outside the importing user's scope.
5. Any problem and no `skip_invalid`: write nothing. Otherwise save each valid row with
   save_person(source=IMPORT) in one transaction; a dry run rolls that transaction back, so its
   created/updated/unchanged counts are exact.

import_roster() runs roster/fast.py's FastRosterImporter, these steps with the row check, the
look-ups and the writes done in bulk; RosterImporter here is the reference it is tested against.
"""

import copy
import datetime as dt
import logging
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone

from eduguard.audit.context import request_id_var
from eduguard.audit.models import ChangeAction, ChangeLog, Source
from eduguard.core.crypto import lookup_hash
from eduguard.org.choices import IdType, PersonCategory
from eduguard.org.forms import PersonForm
from eduguard.org.models import County, DormRoom, Grade, Guardian, ImportJob, Person, School, SchoolClass
from eduguard.org.roster.columns import (
    BOOLEAN_LABELS,
    CHOICE_LABELS,
    COLUMNS,
    FIELD_TO_HEADER,
    HEADER_TO_FIELD,
    REQUIRED_HEADERS,
)
from eduguard.org.roster.reader import RosterFileError, read_table
from eduguard.org.services import _apply as apply_person_fields  # the one field mapping of a person
from eduguard.org.services import person_snapshot, save_person

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 200
_LOOKUP_CHUNK = 500  # id_hash__in batches stay under SQLite's variable limit on old builds
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CLASS_NUMBER = re.compile(r"^.*?([0-9]+|[零一二三四五六七八九十]+)\)?班?$")
# A column that cannot be read makes the form's checks of these columns noise: skip their errors.
_DEPENDENT = {
    "人员类别": {"出生日期", "班级", "宿舍", "监护人姓名", "监护人关系", "监护人手机"},
    "学校代码": {"年级", "班级", "宿舍"},
    "年级": {"班级"},
    "证件类型": {"证件号码", "出生日期", "性别"},
}
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column}: {self.reason}"


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    invalid_rows: set[int] = field(default_factory=set)
    dry_run: bool = False
    written: bool = False  # rows were saved (and, unless dry_run, committed)
    fatal: str = ""  # the file as a whole could not be imported
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase, for bench/

    @property
    def invalid(self) -> int:
        return len(self.invalid_rows)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.fatal

    def error_lines(self) -> list[str]:
        lines = [str(p) for p in sorted(self.problems, key=lambda p: (p.row, p.column))]
        return ([self.fatal] if self.fatal else []) + lines

    def summary(self) -> str:
        text = (
            f"summary: rows={self.total} created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} invalid={self.invalid}"
        )
        if self.dry_run:
            text += " (dry run: nothing written)"
        elif not self.written and (self.problems or self.fatal):
            text += " (nothing written)"
        return text


@lru_cache(maxsize=1 << 16)  # a roster repeats its codes, grades, classes, labels and dates
def norm(text: str) -> str:
    """Compare names as a clerk would: full-width folded, spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", text).split())


class _PreloadedChoiceField(forms.ModelChoiceField):
    """The form's own ModelChoiceField, answered from a dict built once from the same queryset.

    PersonForm looks each choice up with one query per field per row; on a 20,000-row file that is
    60,000 queries for the same few hundred objects.
    """

    def __init__(self, original: forms.ModelChoiceField, queryset: models.QuerySet):
        super().__init__(
            queryset,
            required=original.required,
            label=original.label,
            error_messages={"invalid_choice": "不存在或不在您的管理范围内"},
        )
        self.by_pk = {obj.pk: obj for obj in queryset}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, models.Model):
            value = value.pk
        try:
            return self.by_pk[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


@dataclass
class _Row:
    number: int
    data: dict
    county: County | None = None
    id_hash: str = ""


class _OrgMaps:
    """Schools, grades, classes and dorms by the names a roster uses, loaded once per import."""

    def __init__(self, user):
        self.counties = {c.code: c for c in County.objects.all()}
        self.county_by_id = {c.id: c for c in self.counties.values()}
        self.visible_county_ids = (
            None if user is None else set(County.objects.visible_to(user).values_list("id", flat=True))
        )
        self.schools = {s.code: s for s in School.objects.all()}
        self.grades = {(g.school_id, norm(g.name)): g for g in Grade.objects.all()}
        self.classes_by_number: dict[tuple[int, int], SchoolClass] = {}
        self.classes_by_name: dict[tuple[int, str], SchoolClass] = {}
        school_class_names: dict[tuple[int, str], list[SchoolClass]] = defaultdict(list)
        for klass in SchoolClass.objects.all():
            self.classes_by_number[(klass.grade_id, klass.number)] = klass
            self.classes_by_name[(klass.grade_id, norm(klass.name))] = klass
            school_class_names[(klass.school_id, norm(klass.name))].append(klass)
        # A class named in full ("七(2)班") without its 年级 is found when the name is unique in the school.
        self.classes_by_school_name = {k: v[0] for k, v in school_class_names.items() if len(v) == 1}
        self.dorms = {(d.school_id, norm(d.label)): d for d in DormRoom.objects.all()}

    def find_class(self, grade: Grade, text: str) -> SchoolClass | None:
        key = norm(text)
        if (grade.id, key) in self.classes_by_name:
            return self.classes_by_name[(grade.id, key)]
        number = _class_number(key)
        return None if number is None else self.classes_by_number.get((grade.id, number))


def _class_number(text: str) -> int | None:
    """ "2", "2班", "七(2)班", "七年级二班", "十二班" → the class number."""
    match = _CLASS_NUMBER.match(text)
    if not match:
        return None
    token = match.group(1)
    if token.isdigit():
        return int(token)
    if "十" not in token:
        return _CN_DIGITS.get(token) if len(token) == 1 else None
    tens, _, units = token.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


def row_values(cells: list[str], index: dict[str, int]) -> dict[str, str]:
    """A row's cells by header ("" for a short row)."""
    return {h: (cells[i] if i < len(cells) else "") for h, i in index.items()}


@lru_cache(maxsize=1 << 16)
def parse_date_text(text: str) -> dt.date | None:
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


class RosterImporter:
    """One import run. `user=None` is the system (the command): no scope limit."""

    def __init__(self, *, actor=None, user=None, dry_run=False, skip_invalid=False, progress=None):
        self.today = timezone.localdate()
        self.actor = actor
        self.user = user
        self.dry_run = dry_run
        self.skip_invalid = skip_invalid
        self.progress: Progress = progress or (lambda done, total: None)
        self.result = ImportResult(dry_run=dry_run)

    # -- 1-2: file and header -------------------------------------------------------------------

    def run(self, data: bytes, filename: str = "") -> ImportResult:
        try:
            table = read_table(data, filename)
        except RosterFileError as exc:
            self.result.fatal = str(exc)
            return self.result
        index = self._map_headers(table.headers)
        if index is None:
            return self.result
        started = time.perf_counter()
        try:
            rows = self._validate_rows(table, index)
        except RosterFileError as exc:  # a CSV file that breaks part-way through (reader streams it)
            self.result = ImportResult(dry_run=self.dry_run, fatal=str(exc))
            return self.result
        self._check_duplicates(rows)
        existing = self._match_existing(rows)
        self.result.timings["read_and_validate"] = time.perf_counter() - started
        valid = [r for r in rows if r.number not in self.result.invalid_rows]
        if self.result.problems and not self.skip_invalid:
            return self.result
        started = time.perf_counter()
        self._write(valid, existing)
        self.result.timings["write"] = time.perf_counter() - started
        return self.result

    def _map_headers(self, headers: list[str]) -> dict[str, int] | None:
        index: dict[str, int] = {}
        for position, header in enumerate(headers):
            if header in HEADER_TO_FIELD:
                if header in index:
                    self._problem(1, header, f"表头重复（第{index[header] + 1}列和第{position + 1}列）")
                index.setdefault(header, position)
        for header in REQUIRED_HEADERS:
            if header not in index:
                self._problem(1, header, "缺少必填列")
        if self.result.problems:
            self.result.fatal = "表头不完整或有重复列，未导入任何数据"
            return None
        return index

    def _problem(self, row: int, column: str, reason: str) -> None:
        self.result.problems.append(Problem(row, column, reason))
        self.result.invalid_rows.add(row)

    # -- 3: each row ----------------------------------------------------------------------------

    def _validate_rows(self, table, index: dict[str, int]) -> list[_Row]:
        self.maps = _OrgMaps(self.user)
        self._prepare_fields()
        rows: list[_Row] = []
        done = 0
        self.progress(0, table.total)
        for number, cells in table.rows:
            row = self._validate_row(number, row_values(cells, index))
            if row is not None:
                rows.append(row)
            done += 1
            if done % PROGRESS_EVERY == 0:
                self.progress(done, max(table.total or 0, done))
        self.result.total = done
        self.progress(done, done)
        return rows

    def _prepare_fields(self) -> None:
        prototype = PersonForm(user=self.user)
        self.fields = {}
        for name, model in (("school", School), ("school_class", SchoolClass), ("dorm", DormRoom)):
            queryset = prototype.fields[name].queryset if self.user is not None else model.objects.all()
            if model is SchoolClass:
                queryset = queryset.select_related("grade", "school")
            self.fields[name] = _PreloadedChoiceField(prototype.fields[name], queryset)
        # One bound form, re-bound to each row: building a PersonForm deep-copies its 17 fields,
        # which costs more than validating the row. full_clean() starts afresh on every call.
        prototype.fields.update(self.fields)
        prototype.is_bound = True
        prototype.today = self.today
        self.form = prototype

    def _clean(self, form_data: dict) -> tuple[dict, dict[str, list[ValidationError]]]:
        """PersonForm's verdict on one row: (cleaned data, {field: [errors]})."""
        form = self.form
        form.data, form._errors = form_data, None  # rebind: see _prepare_fields
        if form.is_valid():
            return form.cleaned_data, {}
        return form.cleaned_data, form.errors.as_data()

    def _make_row(self, number: int, cleaned: dict, county: County | None, id_hash: str) -> "_Row":
        return _Row(number, cleaned, county, id_hash)

    def _validate_row(self, number: int, values: dict[str, str]) -> _Row | None:
        reported: set[str] = set()

        def problem(header: str, reason: str) -> None:
            reported.add(header)
            self._problem(number, header, reason)

        data = {HEADER_TO_FIELD[h]: v for h, v in values.items()}
        form_data = {
            k: data.get(k, "")
            for k in ("name", "id_number", "phone", "household_township", "address")
            + ("guardian_name", "guardian_phone")
        }
        for key, header in (("sex", "性别"), ("id_type", "证件类型"), ("category", "人员类别")):
            form_data[key] = self._choice(key, header, data.get(key, ""), problem)
        if not data.get("id_type"):
            form_data["id_type"] = IdType.RESIDENT
        form_data["guardian_relation"] = self._choice(
            "guardian_relation", "监护人关系", data.get("guardian_relation", ""), problem
        )
        boarding = data.get("boarding", "")
        if boarding and norm(boarding).upper() not in BOOLEAN_LABELS:
            problem("是否住校", f"「{boarding}」应为 是 或 否")
        form_data["boarding"] = BOOLEAN_LABELS.get(norm(boarding).upper(), False) if boarding else False
        birth = data.get("birth_date", "")
        if birth:
            parsed = parse_date_text(norm(birth))
            if parsed is None:
                problem("出生日期", f"「{birth}」不是有效日期，请写成 2010-09-01")
            form_data["birth_date"] = parsed
        county, placement = self._resolve_placement(data, form_data.get("category"), problem)
        form_data.update(placement)

        cleaned, found = self._clean(form_data)
        if found:
            skip = set(reported).union(*(_DEPENDENT.get(h, set()) for h in reported))
            for name, errors in found.items():
                header = FIELD_TO_HEADER.get(name, name)
                if header in skip:
                    continue
                for error in errors:
                    for message in error.messages:
                        problem(header, "不能为空" if error.code == "required" else message)
            return None
        if reported:
            return None
        school = cleaned.get("school")
        if school is not None:
            county = self.maps.county_by_id[school.county_id]
        id_hash = lookup_hash(f"{cleaned['id_type']}:{cleaned['id_number']}") if cleaned["id_number"] else ""
        return self._make_row(number, cleaned, county, id_hash)

    def _choice(self, key: str, header: str, text: str, problem) -> str:
        if not text:
            return ""
        value = CHOICE_LABELS[key].get(norm(text))
        if value is None:
            allowed = "、".join(next(c.choices for c in COLUMNS if c.header == header))
            problem(header, f"「{text}」不是有效的选项（可选：{allowed}）")
            return ""
        return value

    def _resolve_placement(self, data: dict, category: str, problem) -> tuple[County | None, dict]:
        """学校代码 → school (or the county, for bureau staff), 年级 + 班级 → class, 宿舍 → dorm."""
        maps = self.maps
        code = norm(data.get("school_code", ""))
        if not code:
            problem("学校代码", "不能为空")
            return None, {}
        if code in maps.counties:
            county = maps.counties[code]
            if maps.visible_county_ids is not None and county.id not in maps.visible_county_ids:
                problem("学校代码", f"「{code}」不存在或不在您的管理范围内")
            return county, {}
        school = maps.schools.get(code)
        if school is None:
            problem("学校代码", f"「{code}」不存在")
            return None, {}
        placement: dict = {"school": school.pk}
        grade_text, class_text = data.get("grade", ""), data.get("school_class", "")
        klass = None
        if grade_text:
            grade = maps.grades.get((school.id, norm(grade_text)))
            if grade is None:
                problem("年级", f"「{grade_text}」在{school.name}不存在")
            elif class_text:
                klass = maps.find_class(grade, class_text)
                if klass is None:
                    problem("班级", f"「{class_text}」在{school.name}{grade.name}不存在")
        elif class_text:
            klass = maps.classes_by_school_name.get((school.id, norm(class_text)))
            if klass is None:
                problem("年级", "填写班级时年级不能为空")
        if klass is not None:
            placement["school_class"] = klass.pk
            if category == PersonCategory.STUDENT:
                # The form takes the school from the class; a grade or class head may import
                # their students without seeing the school as a whole.
                del placement["school"]
        dorm_text = data.get("dorm", "")
        if dorm_text:
            dorm = maps.dorms.get((school.id, norm(dorm_text)))
            if dorm is None:
                problem("宿舍", f"「{dorm_text}」在{school.name}不存在")
            else:
                placement["dorm"] = dorm.pk
        return maps.county_by_id.get(school.county_id), placement

    # -- 4: duplicates and existing people ------------------------------------------------------

    def _check_duplicates(self, rows: list[_Row]) -> None:
        by_hash: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            if row.id_hash:
                by_hash[row.id_hash].append(row.number)
        for numbers in by_hash.values():
            if len(numbers) > 1:
                for number in numbers:
                    others = "、".join(f"第{n}行" for n in numbers if n != number)
                    self._problem(number, "证件号码", f"与{others}重复")

    def _match_existing(self, rows: list[_Row]) -> dict[int, Person]:
        """Row number → the person already registered under that row's ID number."""
        hashes = [r.id_hash for r in rows if r.id_hash and r.number not in self.result.invalid_rows]
        found: dict[str, Person] = {}
        for start in range(0, len(hashes), _LOOKUP_CHUNK):
            for person in Person.objects.filter(id_hash__in=hashes[start : start + _LOOKUP_CHUNK]):
                found[person.id_hash] = person
        if not found:
            return {}
        visible = None
        if self.user is not None:
            ids = [p.id for p in found.values()]
            visible = set()
            for start in range(0, len(ids), _LOOKUP_CHUNK):
                visible.update(
                    Person.objects.visible_to(self.user)
                    .filter(id__in=ids[start : start + _LOOKUP_CHUNK])
                    .values_list("id", flat=True)
                )
        matched: dict[int, Person] = {}
        for row in rows:
            person = found.get(row.id_hash) if row.id_hash else None
            if person is None or row.number in self.result.invalid_rows:
                continue
            if visible is not None and person.id not in visible:
                self._problem(row.number, "证件号码", "证件号码已登记在您管理范围以外的单位")
            elif norm(person.name) != norm(row.data["name"]):
                self._problem(row.number, "证件号码", "证件号码已登记为另一人")
            else:
                matched[row.number] = person
        return matched

    # -- 5: writing -----------------------------------------------------------------------------

    def _write(self, rows: list[_Row], existing: dict[int, Person]) -> None:
        if not rows:
            return
        new = [r for r in rows if r.number not in existing]
        old = [(r, existing[r.number]) for r in rows if r.number in existing]
        changed = _changed_rows(old)
        with transaction.atomic():
            created = create_people(self.actor, Source.IMPORT, [(r.data, r.county) for r in new])
            self.result.created = len(created)
            self.result.unchanged = len(old) - len(changed)
            for row, person in changed:
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


def _guardians_of(people: list[Person]) -> dict[int, list[Guardian]]:
    found: dict[int, list[Guardian]] = defaultdict(list)
    ids = [p.id for p in people]
    for start in range(0, len(ids), _LOOKUP_CHUNK):
        # order_by: Guardian's Meta ordering goes through person → school → class (five joins).
        chunk = Guardian.objects.filter(person_id__in=ids[start : start + _LOOKUP_CHUNK]).order_by(
            "person_id", "id"
        )
        for guardian in chunk:
            found[guardian.person_id].append(guardian)
    return found


def _changed_rows(pairs: list[tuple[_Row, Person]]) -> list[tuple[_Row, Person]]:
    """The rows that would change their person; the rest are "unchanged" without a save_person call.

    Mirrors save_person's own test (services._fields of the snapshot, then the row's guardian), on
    a copy of the person with its guardians primed, so re-importing 20,000 unchanged rows costs
    decryption, not 100,000 queries. Any row in doubt goes to save_person, which has the last word.
    """
    guardians = _guardians_of([p for _, p in pairs])
    changed = []
    for row, person in pairs:
        probe = copy.copy(person)
        probe._prefetched_objects_cache = {"guardians": guardians.get(person.id, [])}
        before = person_snapshot(probe)
        apply_person_fields(probe, row.data, row.county)
        if person_snapshot(probe) != before or _guardian_would_change(guardians.get(person.id, []), row.data):
            changed.append((row, person))
    return changed


def _guardian_would_change(current: list[Guardian], data: dict) -> bool:
    name = data.get("guardian_name")
    if not name:
        return False
    guardian = next((g for g in current if g.name == name), None)
    if guardian is None or guardian.relation != data["guardian_relation"]:
        return True
    return data["guardian_phone"] != (guardian.reveal_phone() if guardian.phone_enc else "")


def create_people(actor, source: str, items: list[tuple[dict, County | None]]) -> list[Person]:
    """Create people (and their guardian) from PersonForm data in bulk, with one ChangeLog row each.

    The bulk twin of services.save_person for new people: the same field mapping (services'
    apply function), the same snapshot and the same change-log row as record_change writes, in
    three INSERTs per ~1,000 people instead of seven queries per person. It belongs in
    services.py; it lives here until the org owner moves it.
    """
    if not items:
        return []
    people = []
    for data, county in items:
        person = Person()
        apply_person_fields(person, data, county)
        people.append(person)
    for person, pk in zip(people, insert_rows(Person, [vars(p) for p in people]), strict=True):
        person.pk = person.id = pk
        person._state.adding = False
    guardians = []
    for person, (data, _) in zip(people, items, strict=True):
        primed = []
        if data.get("guardian_name"):
            guardian = SimpleNamespace(
                person_id=person.pk,
                county_id=person.county_id,  # raw INSERT: Guardian carries its person's county
                name=data["guardian_name"],
                relation=data["guardian_relation"],
            )
            Guardian.set_phone(guardian, data["guardian_phone"])  # the model's own sealing of a phone
            guardians.append(vars(guardian))
            primed.append(guardian)
        person._prefetched_objects_cache = {"guardians": primed}
    insert_rows(Guardian, guardians)
    actor_id, actor_name = audit_actor(actor)
    request_id = request_id_var.get()
    logs = []
    for person in people:
        logs.append(
            {
                "actor_id": actor_id,
                "actor_name": actor_name,
                "source": source,
                "request_id": request_id,
                "action": ChangeAction.CREATE,
                "object_type": person._meta.label_lower,
                "object_id": str(person.pk),
                "object_repr": str(person)[:200],
                "before": None,
                "after": person_snapshot(person),
            }
        )
        del person._prefetched_objects_cache
    insert_rows(ChangeLog, logs)
    return people


_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.ForeignKey,
)


def insert_rows(model, rows: list[dict], max_params: int = 30_000) -> list:
    """INSERT rows given as {attname: value}; returns the new primary keys, in order.

    bulk_create's compiler sends every value through four layers of field methods and needs a
    model instance per row: for 20,000 people, their guardians and change-log rows that was 9 s
    of the import's 20-second budget. Here strings, numbers, booleans and foreign keys go in as
    they are; dates and JSON go through their field's get_db_prep_save; auto_now(_add) fields
    get one timestamp. Keys come back with RETURNING (SQLite 3.35+, PostgreSQL), as bulk_create
    does; a backend without it gets bulk_create itself.
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    if not connection.features.can_return_rows_from_bulk_insert:
        objs = model.objects.bulk_create(
            [model(**{f.attname: r[f.attname] for f in fields if f.attname in r}) for r in rows]
        )
        return [o.pk for o in objs]
    now = timezone.now()
    getters = []
    for model_field in fields:
        name = model_field.attname
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value = model_field.get_db_prep_save(now, connection=connection)
            for row in rows:
                row[name] = now
            getters.append(lambda row, value=value: value)
        elif isinstance(model_field, _PLAIN_FIELDS):
            default = model_field.get_default()
            getters.append(lambda row, name=name, default=default: row.get(name, default))
        else:
            getters.append(
                lambda row, name=name, field=model_field: field.get_db_prep_save(
                    row[name] if name in row else field.get_default(), connection=connection
                )
            )
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    tail = f" RETURNING {quote(opts.pk.column)}"
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, max_params // len(fields))
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            params = [get(row) for row in batch for get in getters]
            cursor.execute(head + ", ".join([placeholders] * len(batch)) + tail, params)
            keys.extend(pk for (pk,) in cursor.fetchall())
    return keys


def audit_actor(actor) -> tuple[int | None, str]:
    """The (actor id, actor name) pair record_change stores for `actor`."""
    authenticated = getattr(actor, "is_authenticated", False)
    if actor is None:
        return None, "system"
    return (actor.pk, actor.get_username()) if authenticated else (None, "anonymous")


def import_roster(
    data: bytes,
    filename: str = "",
    *,
    actor=None,
    user=None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    fast: bool = True,
) -> ImportResult:
    """Import a roster file; see the module docstring. `user` narrows the scope (web imports).

    Every import takes the fast path (roster/fast.py: the same steps, rules and messages, written
    in bulk); `fast=False` runs this module's form-per-row importer, the reference the parity
    tests hold the fast path to.
    """
    if fast:
        from eduguard.org.roster.fast import FastRosterImporter as importer_class
    else:
        importer_class = RosterImporter
    return importer_class(
        actor=actor, user=user, dry_run=dry_run, skip_invalid=skip_invalid, progress=progress
    ).run(data, filename)


# -- the web upload: ImportJob -------------------------------------------------------------------

MAX_STORED_ERRORS = 5000  # a page of errors is what a clerk can act on; the count says the rest


def create_import_job(*, user, file_name: str, data: bytes, skip_invalid: bool, dry_run: bool) -> ImportJob:
    return ImportJob.objects.create(
        user=user, file_name=file_name[:255], data=data, skip_invalid=skip_invalid, dry_run=dry_run
    )


def run_import_job(job_id: int) -> str:
    """Run one ImportJob: validation progress every PROGRESS_EVERY rows, then the counts and errors.

    Progress is saved outside the import's transaction, so another connection (the polling page)
    sees it move. The uploaded bytes are cleared when the job ends: they hold plain ID numbers.
    """
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ImportJob.Status.PENDING:
        return job.status
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int | None) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total or done)

    try:
        result = import_roster(
            bytes(job.data),
            job.file_name,
            actor=job.user,
            user=job.user,
            dry_run=job.dry_run,
            skip_invalid=job.skip_invalid,
            progress=progress,
        )
    except Exception:
        logger.exception("roster import job %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            message="导入时发生内部错误，未写入任何数据，请联系系统管理员",
            data=b"",
            finished_at=timezone.now(),
        )
        return ImportJob.Status.FAILED
    lines = result.error_lines()
    job.refresh_from_db(fields=["total_rows", "processed_rows"])
    job.total_rows = job.processed_rows = result.total
    job.created_count, job.updated_count = result.created, result.updated
    job.unchanged_count, job.invalid_count = result.unchanged, result.invalid
    job.errors = lines[:MAX_STORED_ERRORS]
    job.status = ImportJob.Status.DONE if result.written or result.ok else ImportJob.Status.FAILED
    job.message = _job_message(result, len(lines))
    job.data = b""
    job.finished_at = timezone.now()
    job.save()
    return job.status


def _job_message(result: ImportResult, error_count: int) -> str:
    if result.fatal and not result.problems:
        return result.fatal
    if result.fatal or (result.problems and not result.written):
        return f"发现 {error_count} 个问题（{result.invalid} 行），未写入任何数据。请修改后重新上传。"
    verb = "校验通过（仅校验，未写入）" if result.dry_run else "导入完成"
    text = f"{verb}：新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}"
    if result.invalid:
        text += f"；跳过错误行 {result.invalid}"
    return text + "。"
