"""`eduguard upward-tables`: the same files as the downloads, written into a folder and logged."""

import pytest
from django.core.management import CommandError, call_command

from eduguard.audit.models import AccessLog
from eduguard.briefing.tests.tables_world import add_records, body, sheets, total


@pytest.fixture
def w(world):
    return add_records(world)


def test_it_writes_every_table_and_the_workbook_of_all(w, tmp_path, capsys):
    call_command("upward-tables", "--date", w.day.isoformat(), "--out", str(tmp_path / "out"))
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    day = w.day.isoformat()
    assert names == sorted(
        f"测试县教育局-{n}-{day}.xlsx"
        for n in ("日报告完成情况", "异常人员名单", "隔离观察人员", "排查统计", "防疫物资", "上报报表")
    )
    daily = sheets((tmp_path / "out" / f"测试县教育局-日报告完成情况-{day}.xlsx").read_bytes())
    assert total(daily["日报告完成情况（分校）"])[2:4] == [20, 6]
    assert "wrote" in capsys.readouterr().out
    logs = AccessLog.objects.filter(action="export")
    assert logs.count() == 6 and {log.actor_name for log in logs} == {"system"}


def test_it_follows_a_users_scope_and_one_table(w, tmp_path):
    school = w.schools["S1"]
    call_command(
        "upward-tables",
        "--date",
        w.day.isoformat(),
        "--unit",
        f"school:{school.pk}",
        "--user",
        "headteacher",
        "--table",
        "abnormal",
        "--out",
        str(tmp_path),
    )
    (path,) = tmp_path.iterdir()
    rows = body(sheets(path.read_bytes())["异常人员名单"])
    assert [r[3] for r in rows] == ["生S1C1A"]
    assert AccessLog.objects.get(action="export").actor == w.head_teacher


@pytest.mark.parametrize(
    "args, message",
    [
        (["--date", "2020-13-01"], "日期格式应为"),
        (["--date", "2020-02-19", "--unit", "town:1"], "单位应写作"),
        (["--date", "2020-02-19", "--unit", "school:999999"], "没有这个单位"),
        (["--date", "2020-02-19", "--user", "nobody"], "没有这个在用的用户"),
        (["--date", "2020-02-19", "--user", "outsider"], "负责范围内没有学校"),
        (["--date", "2020-02-19", "--user", "principal", "--unit", "county"], "不在 principal 的负责范围内"),
    ],
)
def test_it_refuses_what_it_cannot_make(w, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("upward-tables", *args, "--out", str(tmp_path))
    assert not list(tmp_path.iterdir()) and not AccessLog.objects.filter(action="export").exists()
