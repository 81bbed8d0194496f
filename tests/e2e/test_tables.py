"""The upward tables in a real browser: a bureau leader opens the tables page, downloads the abnormal
list for the county and then the daily report table of a grid, and both files open in openpyxl (tables_world.sheets) with
the right rows."""

import pytest

from eduguard.audit.models import AccessLog
from eduguard.briefing.tests.tables_world import add_records, body, sheets, total

pytestmark = pytest.mark.browser


def test_a_leader_downloads_the_abnormal_list_and_a_grids_daily_table(world, live_server, page, login, snap):
    w = add_records(world)
    login(page, w.leader)
    page.goto(f"{live_server.url}/briefing/tables/")
    assert page.locator("h1").inner_text() == "上报报表"
    assert page.locator("#table-unit option:checked").inner_text() == "全县：测试县"
    snap(page, "tables")

    with page.expect_download() as info:
        page.locator("#table-abnormal").get_by_role("link", name="下载 .xlsx").click()
    download = info.value
    assert download.suggested_filename == f"测试县教育局-异常人员名单-{w.day.isoformat()}.xlsx"
    rows = sheets(download.path().read_bytes())["异常人员名单"]
    assert rows[0][0].startswith("测试县教育局 异常人员名单")
    assert [(r[1], r[3], r[5]) for r in body(rows)] == [
        ("测试S1中学", "生S1C1A", w.people["S1C1A"].id_masked),
        ("测试S2中学", "生S2C1A", w.people["S2C1A"].id_masked),
        ("局机关", "局机关员工", w.people["BUREAU"].id_masked),
    ]
    assert total(rows)[1] == "共3人，其中发热2人"

    page.select_option("#table-unit", label="网格：第一网格")
    page.get_by_role("button", name="查看").click()
    page.wait_for_selector("text=测试县第一网格")
    snap(page, "grid")
    with page.expect_download() as info:
        page.locator("#table-daily").get_by_role("link", name="下载 .xlsx").click()
    rows = sheets(info.value.path().read_bytes())["日报告完成情况（分校）"]
    assert [r[1] for r in body(rows)] == ["测试S1中学", "测试S2中学"]
    assert total(rows)[2:4] == [13, 4]  # 7 + 6 people expected, 3 + 1 reported
    assert AccessLog.objects.filter(action="export", actor=w.leader).count() == 2
