"""Benchmark: the demo county's roster written to .xlsx and imported into a database without people.

Issue 2 asks for this figure. The product's export masks ID numbers and phones, so this bench
writes the roster with full values (and each student's first guardian, one per row as the
import takes them), removes every person, and times `import-roster` of the file.

Run: `.venv/bin/python -m bench.roster_roundtrip` (SQLite).
"""

import time
from pathlib import Path

from bench.common import record, setup_django


def main() -> None:
    data_dir = setup_django(None)
    from django.core.management import call_command

    from eduguard.audit.models import ChangeLog
    from eduguard.org.choices import GuardianRelation, IdType, PersonCategory, Sex
    from eduguard.org.models import Guardian, Person
    from eduguard.org.roster.testing import xlsx_bytes

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed-demo", verbosity=0)
    labels = {**dict(Sex.choices), **dict(IdType.choices), **dict(PersonCategory.choices)}
    relations = dict(GuardianRelation.choices)
    rows = []
    people = Person.objects.select_related(
        "county", "school", "school_class__grade", "dorm"
    ).prefetch_related("guardians")
    for p in people.order_by("id").iterator(chunk_size=2000):
        guardian = next(iter(p.guardians.all()), None)
        rows.append(
            {
                "学校代码": p.school.code if p.school else p.county.code,
                "年级": p.school_class.grade.name if p.school_class else "",
                "班级": p.school_class.name if p.school_class else "",
                "姓名": p.name,
                "性别": labels[p.sex],
                "证件类型": labels[p.id_type],
                "证件号码": p.reveal_id_number(),
                "出生日期": p.birth_date.isoformat(),
                "人员类别": labels[p.category],
                "手机号": p.reveal_phone().removeprefix("+86"),
                "户籍乡镇": p.household_township,
                "家庭住址": p.reveal_address(),
                "是否住校": "是" if p.boarding else "否",
                "宿舍": p.dorm.label if p.dorm else "",
                "监护人姓名": guardian.name if guardian else "",
                "监护人关系": relations[guardian.relation] if guardian else "",
                "监护人手机": guardian.reveal_phone().removeprefix("+86") if guardian else "",
            }
        )
    path = Path(data_dir) / "demo-roster.xlsx"
    t = time.perf_counter()
    path.write_bytes(xlsx_bytes(rows))
    written = time.perf_counter() - t
    Guardian.objects.all().delete()
    Person.objects.all().delete()
    ChangeLog.objects.filter(object_type="org.person").delete()
    t = time.perf_counter()
    call_command("import-roster", str(path), verbosity=0)
    imported = time.perf_counter() - t
    print(
        f"demo roster: {len(rows)} rows, {path.stat().st_size / 1e6:.1f} MB .xlsx written in {written:.1f} s; "
        f"imported into a database without people in {imported:.1f} s; "
        f"people now {Person.objects.count()}, guardians {Guardian.objects.count()}"
    )
    record(f"roster round trip: demo county's {len(rows):,} rows .xlsx imported", imported, "s")


if __name__ == "__main__":
    main()
