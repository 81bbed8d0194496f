"""The demo county's upward tables reproduce the seed briefing from its records: seed 004's sweep
(28 schools and the bureau, 18,657 students, 2,555 staff and 291 temporary workers, 一类/二类/三类
7/2/188, 三返 130, 37 studying in Wuhan, 66 who left) and seed 000's masks (73.48万 stocked, 100万 on
order); the day's daily table equals the roll-up, and the workbook of all five tables takes a
bounded number of queries (about 75: the supplies' cover is a few queries per item)."""

import datetime as dt

from eduguard.accounts.models import User
from eduguard.briefing.services.tables import ALL, export
from eduguard.briefing.services.tables_units import units_for
from eduguard.briefing.tests.tables_world import body, sheets, total
from eduguard.health.services.stats import daily_stats
from eduguard.org.demo import seed_demo

TODAY = dt.date(2020, 2, 19)  # the day of the county command briefing (seed 004)


def test_the_demo_countys_tables_match_the_seed_briefings(db, django_assert_max_num_queries):
    seed_demo(today=TODAY, days=2)  # two days of reports are enough here (test_seed_demo checks 14)
    leader = User.objects.get(username="leader")
    (county,) = [u for u in units_for(leader) if u.level == "county"]
    with django_assert_max_num_queries(100):
        data, _ = export(ALL, leader, TODAY, county, actor=leader)
    s = sheets(data)

    screening = s["排查统计"]
    header, rows, line = screening[1], body(screening), total(screening)
    assert len(rows) == 28 + 1 and rows[-1][1] == "局机关"
    assert line[2:8] == [18_657 + 2_846, 18_657 + 2_846, 18_657, 2_555, 291, 100]
    by_category = dict(zip(header[8:], line[8:], strict=True))
    assert by_category == {
        "一类": 7,
        "二类": 2,
        "三类": 188,
        "三返": 130,
        "在武汉就读": 37,
        "起算日后离县": 66,
    }

    daily = s["日报告完成情况（分校）"]
    (whole,) = daily_stats(leader, TODAY, "county")
    assert len(body(daily)) == 28 + 1 and total(daily)[2] == whole.expected == 18_657 + 2_846
    assert total(daily)[3:8] == [whole.reported, whole.missing, whole.on_time, whole.abnormal, whole.fever]

    mask = next(r for r in s["防疫物资"] if r[0] == "医用口罩")
    assert (mask[2], mask[-1]) == (734_800, 1_000_000)
