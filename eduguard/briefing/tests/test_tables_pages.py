"""The upward tables page and downloads: who may pick which unit, refusals (400 with the reason,
404 outside scope, 403 with no school in reach), the file and the access log row."""

import datetime as dt
from urllib.parse import unquote

import pytest
from django.urls import reverse

from eduguard.audit.models import AccessLog
from eduguard.briefing.services.tables import TABLES
from eduguard.briefing.tests.tables_world import add_records, sheets

PAGE = reverse("briefing:tables")


def table_url(code: str) -> str:
    return reverse("briefing:table", args=[code])


@pytest.fixture
def w(world):
    return add_records(world)


def test_it_lists_every_table_for_the_widest_unit(w, client):
    client.force_login(w.leader)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["unit"].key == f"county:{w.county.pk}"
    assert [u.label for u in response.context["units"]] == [
        "全县：测试县",
        "网格：第一网格",
        "网格：第二网格",
        "学校：测试S1中学",
        "学校：测试S2中学",
        "学校：测试S3中学",
    ]
    for code in TABLES:
        assert f"{table_url(code)}?date={w.day.isoformat()}&amp;unit=county%3A{w.county.pk}" in page
    assert table_url("all") in page


@pytest.mark.parametrize(
    "persona, labels",
    [
        ("grid_leader", ["网格：第一网格", "学校：测试S1中学", "学校：测试S2中学"]),
        ("principal", ["学校：测试S1中学"]),
        ("school_leader", ["学校：测试S1中学（负责的年级或班级）"]),
        ("head_teacher", ["学校：测试S1中学（负责的年级或班级）"]),
    ],
)
def test_each_persona_picks_among_the_units_of_their_scope(w, client, persona, labels):
    client.force_login(getattr(w, persona))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert [u.label for u in response.context["units"]] == labels
    assert "测试S3中学" not in response.content.decode()


@pytest.mark.parametrize("persona", ["subject_teacher", "parent", "guard", "outsider"])
def test_no_school_in_reach_is_a_403(w, client, persona):
    client.force_login(getattr(w, persona))
    assert client.get(PAGE).status_code == 403
    assert client.get(table_url("daily")).status_code == 403
    assert client.get(table_url("daily"), {"unit": f"school:{w.schools['S1'].pk}"}).status_code == 404


def test_it_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"date": "2020-02-30"}, "日期格式应为 YYYY-MM-DD"),
        ({"date": "yesterday"}, "日期格式应为 YYYY-MM-DD"),
        ({"date": "2999-01-01"}, "日期不能晚于今天"),
        ({"date": "1999-12-31"}, "日期不能早于 2000-01-01"),
        ({"unit": "town:1"}, "单位应写作"),
        ({"unit": "school:abc"}, "单位应写作"),
        ({"unit": "grid"}, "单位应写作"),
        ({"unit": "school:" + "9" * 40}, "单位应写作"),
    ],
)
def test_a_bad_date_or_unit_is_a_400_with_the_reason(w, client, query, message):
    client.force_login(w.leader)
    for url in (PAGE, table_url("daily")):
        response = client.get(url, query)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert response["Content-Type"].startswith("text/html")
    assert not AccessLog.objects.filter(action="export").exists()


def test_a_unit_outside_scope_reads_as_one_that_does_not_exist(w, client):
    client.force_login(w.principal)
    s1, s2 = w.schools["S1"], w.schools["S2"]
    assert client.get(PAGE, {"unit": f"school:{s1.pk}"}).status_code == 200
    for unit in (f"school:{s2.pk}", f"grid:{w.grid1.pk}", "county", f"county:{w.county.pk}", "school:999999"):
        assert client.get(PAGE, {"unit": unit}).status_code == 404
        assert client.get(table_url("abnormal"), {"unit": unit}).status_code == 404
    client.force_login(w.grid_leader)
    assert client.get(table_url("daily"), {"unit": f"grid:{w.grid2.pk}"}).status_code == 404
    assert client.get(table_url("daily"), {"unit": f"school:{w.schools['S3'].pk}"}).status_code == 404


def test_an_unknown_table_is_a_404(w, client):
    client.force_login(w.leader)
    assert client.get(table_url("budget")).status_code == 404


def test_a_download_is_the_xlsx_with_a_chinese_name_and_is_logged(w, client):
    client.force_login(w.grid_leader)
    query = {"date": w.day.isoformat(), "unit": f"grid:{w.grid1.pk}"}
    response = client.get(table_url("abnormal"), query, HTTP_USER_AGENT="pytest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = unquote(response["Content-Disposition"])
    assert (
        disposition.startswith("attachment;") and f"测试县第一网格-异常人员名单-{w.day}.xlsx" in disposition
    )
    assert list(sheets(response)) == ["异常人员名单"]
    log = AccessLog.objects.get(action="export")
    assert (log.actor, log.actor_name, log.object_type, log.object_id) == (
        w.grid_leader,
        "gridleader",
        "org.grid",
        str(w.grid1.pk),
    )
    assert log.detail == {
        "what": "upward-tables",
        "tables": ["abnormal"],
        "date": w.day.isoformat(),
        "unit": f"grid:{w.grid1.pk}",
        "rows": {"abnormal": 2},
        "named": True,
        "masked": True,
        "format": "xlsx",
    }
    assert log.user_agent == "pytest" and log.ip == "127.0.0.1"


def test_all_tables_download_as_one_workbook(w, client):
    client.force_login(w.leader)
    response = client.get(table_url("all"), {"date": w.day.isoformat()})
    assert response.status_code == 200
    assert list(sheets(response)) == [
        "日报告完成情况（分校）",
        "异常人员名单",
        "隔离观察人员",
        "排查统计",
        "防疫物资",
    ]
    assert "上报报表" in unquote(response["Content-Disposition"])
    (log,) = AccessLog.objects.filter(action="export")
    assert log.detail["tables"] == list(TABLES) and log.detail["named"] is True


def test_a_past_day_has_that_days_records(w, client):
    client.force_login(w.leader)
    two_days_ago = (w.day - dt.timedelta(days=2)).isoformat()
    rows = sheets(client.get(table_url("all"), {"date": two_days_ago}))
    assert rows["异常人员名单"][2][:2] == [
        "合计",
        "共0人，其中发热0人",
    ]  # today's reports are not of that day
    periods = rows["隔离观察人员"]
    assert [r[3] for r in periods[2:5]] == ["生S1C1B", "生S2C2A", "局机关员工"]  # S3C2A started later
    assert periods[3][12:14] == [14, "隔离中"]  # its last planned day then
    assert periods[5][:2] == ["合计", "共3人：居家隔离2人、集中隔离1人"]
