"""Each upward table's figures are the area services' own: the daily roll-up (and the stats API),
the abnormal reports, the open quarantines, the campaign's roll-up, the supplies' cover and totals,
for the county, a grid, a school and a school seen only through one class."""

import pytest
from django.urls import reverse

from eduguard.briefing.services.tables import ALL, export
from eduguard.briefing.services.tables_abnormal import abnormal_reports
from eduguard.briefing.services.tables_quarantine import open_quarantines
from eduguard.briefing.services.tables_units import Unit, units_for
from eduguard.briefing.tests.tables_world import add_records, body, sheets, total
from eduguard.health.services.stats import daily_stats
from eduguard.screening.services.campaigns import campaign_rollup
from eduguard.supplies.services.cover import county_days, cover, totals

FIGURES = ("expected", "reported", "missing", "on_time", "abnormal", "fever", "completion_rate")


@pytest.fixture
def w(world):
    return add_records(world)


def tables_of(user, unit, day):
    data, _ = export(ALL, user, day, unit, actor=user)
    s = sheets(data)
    return {title.split("（")[0]: rows for title, rows in s.items()}


def figures(row) -> list:
    return list(row[2:9])


def stats_figures(r) -> list:
    return [getattr(r, f) for f in FIGURES]


def api_rows(client, user, day, **query):
    client.force_login(user)
    response = client.get(reverse("stats-daily"), {"date": day.isoformat(), **query})
    return {r["id"]: r for r in response.json()["results"]}


def test_it_reports_the_county_as_the_stats_api_does(w, client):
    t = tables_of(w.leader, Unit("county", w.county), w.day)["日报告完成情况"]
    schools = daily_stats(w.leader, w.day, "school")
    api = api_rows(client, w.leader, w.day, level="school")
    rows = body(t)
    assert [r[1] for r in rows] == [s.name for s in schools] + ["局机关"]
    for row, stats in zip(rows, schools, strict=False):
        assert figures(row) == stats_figures(stats)
        shown = dict(zip(FIGURES, figures(row), strict=True))
        assert all(
            api[stats.id][f] == n for f, n in shown.items() if f != "missing"
        )  # the API has no missing
    (county,) = daily_stats(w.leader, w.day, "county")
    assert figures(total(t)) == stats_figures(county)
    assert api_rows(client, w.leader, w.day, level="county")[w.county.pk]["reported"] == total(t)[3] == 6
    assert rows[-1][2:4] == [1, 1]  # the bureau's own staff member, who reported with a fever
    assert sum(r[2] for r in rows) == total(t)[2]


def test_a_grid_leader_gets_the_grids_schools_and_its_row(w):
    (unit,) = [u for u in units_for(w.grid_leader) if u.level == "grid"]
    t = tables_of(w.grid_leader, unit, w.day)["日报告完成情况"]
    rows = daily_stats(w.grid_leader, w.day, "school", parent=w.grid1.pk)
    assert [r[1] for r in body(t)] == ["测试S1中学", "测试S2中学"]
    assert [figures(r) for r in body(t)] == [stats_figures(s) for s in rows]
    grid = next(g for g in daily_stats(w.grid_leader, w.day, "grid") if g.id == w.grid1.pk)
    assert figures(total(t)) == stats_figures(grid)


def test_a_principal_gets_the_classes_and_the_staff(w):
    (unit,) = units_for(w.principal)
    t = tables_of(w.principal, unit, w.day)["日报告完成情况"]
    classes = daily_stats(w.principal, w.day, "class")
    assert [r[1] for r in body(t)] == ["七(1)班", "七(2)班", "教职工"]
    assert [figures(r) for r in body(t)[:2]] == [stats_figures(c) for c in classes]
    (school,) = daily_stats(w.principal, w.day, "school")
    assert figures(total(t)) == stats_figures(school)
    assert body(t)[2][2:4] == [3, 1]  # two teachers and the temporary worker; one reported


def test_a_head_teacher_gets_their_class_only(w):
    (unit,) = units_for(w.head_teacher)
    assert unit.obj == w.schools["S1"] and not unit.whole
    t = tables_of(w.head_teacher, unit, w.day)
    (klass,) = daily_stats(w.head_teacher, w.day, "class")
    assert [r[1] for r in body(t["日报告完成情况"])] == ["七(1)班"]
    assert figures(total(t["日报告完成情况"])) == stats_figures(klass)
    assert [r[3] for r in body(t["异常人员名单"])] == ["生S1C1A"]
    assert [r[3] for r in body(t["隔离观察人员"])] == ["生S1C1B"]
    assert total(t["排查统计"])[2:4] == [2, 1]  # their two students, one answered
    assert body(t["防疫物资"]) == []  # a school's stores are the school's, not a class's
    assert all(
        any(r[0] == "本表只含制表人负责的年级或班级，不是全校数据。" for r in rows) for rows in t.values()
    )


@pytest.mark.parametrize(
    "persona, names",
    [
        ("leader", ["生S1C1A", "生S2C1A", "局机关员工"]),
        ("grid_leader", ["生S1C1A", "生S2C1A"]),
        ("principal", ["生S1C1A"]),
        ("head_teacher", ["生S1C1A"]),
    ],
)
def test_the_abnormal_list_is_the_abnormal_reports_in_scope(w, persona, names):
    user = getattr(w, persona)
    unit = units_for(user)[0]
    rows = body(tables_of(user, unit, w.day)["异常人员名单"])
    reports = abnormal_reports(user, w.day, unit)
    assert [r[3] for r in rows] == [r.person.name for r in reports] == names
    first = rows[0]
    person = w.people["S1C1A"]
    assert first[1:7] == ["测试S1中学", "七(1)班", "生S1C1A", "学生", person.id_masked, 38.2]
    assert first[8] == "体温≥发热阈值" and first[11] == "待跟进"
    assert "*" in first[5] and person.reveal_id_number() not in first[5]


def test_the_quarantine_list_is_the_periods_open_on_the_day(w):
    t = tables_of(w.leader, Unit("county", w.county), w.day)["隔离观察人员"]
    rows = body(t)
    assert [r[3] for r in rows] == [
        q.person.name for q in open_quarantines(w.leader, w.day, units_for(w.leader)[0])
    ]
    assert [r[3] for r in rows] == ["生S1C1B", "生S2C2A", "生S3C2A", "局机关员工"]  # not the released one
    q = w.quarantines["S2C2A"]
    row = rows[1]
    assert row[6:9] == ["集中隔离", None, "返乡"]
    assert (row[9].date(), row[10], row[11].date(), row[12], row[13]) == (
        q.started_on,
        14,
        q.ends_on,
        16,
        "期满待解除",
    )
    assert total(t)[1] == "共4人：居家隔离2人、集中隔离1人、居家健康监测1人；其中期满待解除1人"


def test_the_screening_table_is_the_campaigns_rollup(w):
    t = tables_of(w.leader, Unit("county", w.county), w.day)["排查统计"]
    rows, rollup_total, categories = campaign_rollup(w.campaign, w.leader)
    assert t[1][8:] == [c.name for c in categories][: len(t[1]) - 8]
    by_name = {r.name: r for r in rows}
    for row in body(t):
        r = by_name[row[1]]
        assert row[2:4] == [r.expected, r.responded] and row[7] == r.completion_rate
        assert row[8:] == [r.categories.get(c.code, 0) for c in categories]
    line = total(t)
    assert line[2:4] == [rollup_total.expected, rollup_total.responded] == [20, 6]
    assert line[4:7] == [2, 3, 1]  # students, staff, the temporary worker
    assert line[8:] == [rollup_total.categories.get(c.code, 0) for c in categories]
    assert [r[1] for r in body(t)][-1] == "局机关"


def test_the_supplies_table_is_the_cover_and_the_totals(w):
    t = tables_of(w.leader, Unit("county", w.county), w.day)["防疫物资"]
    lines = body(t)
    assert lines[0][1:5] == ["县教育局物资仓库", "医用口罩", "只", 1000]
    (s1,) = [r for r in cover(w.mask, w.schools["S1"].__class__.objects.filter(pk=w.schools["S1"].pk), w.day)]
    mask_s1 = next(r for r in lines if r[1] == "测试S1中学" and r[2] == "医用口罩")
    assert mask_s1[4:9] == [int(s1.stock), float(s1.need), round(s1.days, 1), 14, None]
    liquid = next(r for r in lines if r[1] == "测试S1中学" and r[2] == "含氯消毒液")
    assert liquid[4] == 10.5  # a decimal stays a number
    summary = {r[0]: r for r in t if r[0] in ("医用口罩", "含氯消毒液")}
    county = totals(w.county)
    assert summary["医用口罩"][2:4] == [
        int(county.by_item[w.mask.pk]),
        round(county_days(w.mask, w.county, w.day), 1),
    ]
    assert summary["医用口罩"][4:10] == [1000, 0, 100, 200, 1300, 500]  # 向上争取 局统筹 捐赠 自筹 合计 在途
    assert summary["含氯消毒液"][4:9] == [0, 10.5, 0, 0, 10.5]


def test_a_grids_supplies_are_its_schools_stores(w):
    (unit,) = [u for u in units_for(w.grid_leader) if u.level == "grid"]
    t = tables_of(w.grid_leader, unit, w.day)["防疫物资"]
    assert {r[1] for r in body(t)} == {"测试S1中学", "测试S2中学"}  # no warehouse, no S3
    mask = next(r for r in t if r[0] == "医用口罩")
    assert mask[2] == 300 and mask[4:10] == [0, 0, 100, 200, 300, None]
    assert mask[3] == 30  # as for the county: all its 300 masks over the daily 10 of S1, which attends
