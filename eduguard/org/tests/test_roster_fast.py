"""The fast roster import (roster/fast.py) against the form-per-row importer it replaces.

Each case imports the same file with the reference (`fast=False`), the fast path in this process
and the fast path in worker processes, each in a savepoint rolled back afterwards, and compares
the results (counts, messages in order) and what each wrote (people, guardians, change log).
"""

import pytest
from django.db import transaction

from eduguard.audit.models import ChangeLog
from eduguard.org.models import Guardian, Person
from eduguard.org.roster.importer import import_roster
from eduguard.org.roster.testing import csv_bytes, staff_row, student_row

MODES = {"reference": False, "fast": True, "fast in workers": True}


def outcome(settings, mode: str, content: bytes, **kwargs):
    """(result, what was written) of one import, rolled back."""
    settings.EDUGUARD_ROSTER_PARALLEL_ROWS = 0 if mode == "fast in workers" else 10**9
    with transaction.atomic():
        result = import_roster(content, "roster.csv", fast=MODES[mode], **kwargs)
        written = state()
        transaction.set_rollback(True)
    summary = (result.total, result.created, result.updated, result.unchanged, result.invalid)
    return (summary, [str(p) for p in result.problems], result.error_lines(), result.written), written


def state() -> dict:
    """Every person by ID hash with their plain values, guardians and change-log rows (no ids)."""
    people = {}
    for p in Person.objects.order_by("id"):
        row = {f.attname: getattr(p, f.attname) for f in Person._meta.concrete_fields}
        for name in ("id", "created_at", "updated_at", "id_number_enc", "phone_enc", "address_enc"):
            del row[name]
        row["plain"] = (p.reveal_id_number(), p.reveal_phone(), p.reveal_address())
        row["guardians"] = [
            (g.name, g.relation, g.phone_hash, g.phone_masked, g.reveal_phone(), g.county_id)
            for g in Guardian.objects.filter(person=p).order_by("id")
        ]
        row["log"] = [
            (c.actor_id, c.actor_name, c.source, c.action, c.object_repr, c.before, c.after)
            for c in ChangeLog.objects.filter(object_type="org.person", object_id=str(p.pk)).order_by("id")
        ]
        people[p.id_hash or p.name] = row
    return people


def assert_same(settings, content: bytes, **kwargs):
    reference = outcome(settings, "reference", content, **kwargs)
    for mode in ("fast", "fast in workers"):
        assert outcome(settings, mode, content, **kwargs) == reference, mode
    return reference


def test_it_reports_bad_rows_and_duplicates_exactly_like_the_reference(world, settings):
    rows = [
        student_row("TS1", 1),
        student_row("TS1", 2, 性别="男"),
        student_row("TS1", 3, 学校代码="NOPE"),
        staff_row("TS2", 4, 姓名=""),
        student_row("TS1", 5, 班级="9班", 出生日期="2012/13/45"),
        student_row("TS1", 6, 监护人手机="1390000000", 监护人关系=""),
        student_row("TS1", 1, 姓名="重复"),  # the ID number of row 2
        staff_row("TS1", 8, 人员类别="家长"),
        student_row("TS1", 9, 人员类别="学生", 班级="", 年级=""),
        staff_row("TS1", 10, 监护人姓名="某人"),
        student_row("TS1", 11),
    ]
    (summary, problems, lines, written), people = assert_same(settings, csv_bytes(rows))
    assert summary == (11, 0, 0, 0, 10) and not written and people.keys() == state().keys()
    assert "row 2: 证件号码: 与第8行重复" in lines and "row 4: 学校代码: 「NOPE」不存在" in lines

    (summary, _, _, written), people = assert_same(settings, csv_bytes(rows), skip_invalid=True)
    assert summary == (11, 1, 0, 0, 10) and written
    assert len(people) == len(state()) + 1


def test_it_updates_refuses_and_leaves_existing_people_like_the_reference(world, settings, tmp_path):
    kept, moved, relation, other = (student_row("TS1", n) for n in (1, 2, 3, 4))
    import_roster(csv_bytes([kept, moved, relation, other]), "roster.csv", fast=False)
    rows = [
        kept,  # unchanged
        {**moved, "班级": "2"},  # another class
        {**relation, "监护人关系": "父亲"},  # only the guardian changes
        {**other, "姓名": "冒名"},  # registered to someone else
        staff_row("TS2", 5),  # new
    ]
    (summary, problems, _, written), people = assert_same(settings, csv_bytes(rows), skip_invalid=True)
    assert summary == (5, 1, 2, 1, 1) and written
    assert problems == ["row 5: 证件号码: 证件号码已登记为另一人"]
    moved_after = next(p for p in people.values() if p["name"] == "学生2")
    assert moved_after["school_class_id"] == world.classes["S1C2"].id
    assert [entry[3] for entry in moved_after["log"]] == ["create", "update"]

    # Importing the file the fast path wrote changes nothing, in every mode.
    import_roster(csv_bytes(rows), "roster.csv", skip_invalid=True)
    (summary, _, _, _), again = assert_same(settings, csv_bytes(rows), skip_invalid=True)
    assert summary == (5, 0, 0, 4, 1) and again == state()


def test_it_keeps_a_web_user_inside_their_scope_like_the_reference(world, settings):
    outsider = world.people["S2C1A"]  # in S2, which the principal of S1 does not see
    rows = [
        student_row("TS1", 1),
        student_row("TS2", 2),
        student_row(
            "TS1",
            3,
            姓名=outsider.name,
            证件号码=outsider.reveal_id_number(),
            性别="男" if outsider.sex == "M" else "女",
            出生日期="",
        ),
        staff_row("210521", 4),
    ]
    kwargs = {"actor": world.principal, "user": world.principal, "skip_invalid": True}
    (summary, problems, _, _), people = assert_same(settings, csv_bytes(rows), **kwargs)
    assert problems == [
        "row 3: 班级: 不存在或不在您的管理范围内",
        "row 5: 学校代码: 「210521」不存在或不在您的管理范围内",
        "row 4: 证件号码: 证件号码已登记在您管理范围以外的单位",
    ]
    assert summary[:2] == (4, 1)
    new = next(p for p in people.values() if p["name"] == "学生1")
    assert new["log"][0][:4] == (world.principal.id, world.principal.username, "import", "create")


def test_it_counts_a_dry_run_like_the_reference_and_writes_nothing(world, settings):
    rows = [student_row("TS1", 1), staff_row("TS2", 2), student_row("TS1", 3, 班级="2")]
    before = state()
    (summary, _, _, written), people = assert_same(settings, csv_bytes(rows), dry_run=True)
    assert summary == (3, 3, 0, 0, 0) and written and people == before


@pytest.mark.parametrize("mode", ["fast", "fast in workers"])
def test_it_writes_nothing_when_the_csv_breaks_part_way(world, settings, mode):
    content = csv_bytes([student_row("TS1", 1)]) + b'TS1,"' + b"x" * 200_000 + b'"\n'
    (summary, problems, lines, written), people = outcome(settings, mode, content)
    assert lines == ["无法解析 CSV 文件：field larger than field limit (131072)"]
    assert summary == (0, 0, 0, 0, 0) and problems == [] and not written and people == state()
