"""The command dashboard in a real browser: the bureau leader at a desk sees the county's figures and
the three 14-day charts drawn (ECharts, served by the app), follows a number to its list and opens a
grid; a principal on a phone sees the school's, with charts that fit the screen and follow it when
it turns."""

import pytest

from eduguard.briefing.tests.dashboard_scene import build_scene
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

CHARTS = ("chart-reports", "chart-cases", "chart-gate")


@pytest.fixture
def scene(world):
    from eduguard.inspection.services.defaults import ensure_defaults as inspection_defaults
    from eduguard.supplies.services.defaults import ensure_defaults as supplies_defaults

    inspection_defaults()  # a browser test's database is flushed between tests, migration data with it
    supplies_defaults()
    return build_scene(world)


def drawn(page, chart_id: str) -> dict:
    """The chart's canvas size and how many of its pixels are painted (0: an empty canvas)."""
    page.wait_for_selector(f"#{chart_id} canvas")
    return page.evaluate(
        """(id) => {
            const canvas = document.querySelector(`#${id} canvas`);
            const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
            return {width: canvas.getBoundingClientRect().width, painted};
        }""",
        chart_id,
    )


def test_the_leader_reads_the_county_and_follows_a_number_to_its_list(
    scene, live_server, new_page, login, snap
):
    w = scene
    page = login(new_page(DESKTOP), w.leader)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="指挥看板").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
    assert "测试县" in page.locator("h1").inner_text()
    assert page.locator("[data-figure=reported]").inner_text() == "5"
    for chart in CHARTS:
        canvas = drawn(page, chart)
        assert canvas["painted"] > 1000 and canvas["width"] > 250, (chart, canvas)
    # Chinese in the charts' legend: the canvas is drawn with the page's CJK font stack.
    font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "Noto Sans CJK SC" in font
    snap(page, "county")

    page.click("[data-figure=incidents-overdue]")
    page.wait_for_url("**/response/incidents/?show=overdue")
    assert page.locator("#incidents tbody tr").count() == 1
    snap(page, "overdue-incidents")

    page.go_back()
    page.select_option("#pick-unit", label="第一网格")
    page.click("#pick button[type=submit]")
    page.wait_for_url("**/dashboard/?unit=grid*")
    assert "第一网格" in page.locator("h1").inner_text()
    children = page.locator("#children").inner_text()
    assert "测试S1中学" in children and "测试S3中学" not in children
    drawn(page, "chart-gate")
    snap(page, "grid")


def test_a_principal_reads_the_school_on_a_phone(scene, live_server, new_page, login, snap):
    w = scene
    page = login(new_page(PHONE), w.principal)
    page.goto(f"{live_server.url}/dashboard/")
    assert "测试S1中学" in page.locator("h1").inner_text()
    for chart in CHARTS:
        canvas = drawn(page, chart)
        assert canvas["painted"] > 1000 and canvas["width"] <= PHONE["width"], (chart, canvas)
    narrow = drawn(page, "chart-reports")["width"]
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the page scrolls sideways on a phone"
    snap(page, "school-phone")

    page.set_viewport_size({"width": 844, "height": 390})  # the phone turned: the charts follow
    page.wait_for_function(
        "(narrow) => document.querySelector('#chart-reports canvas').getBoundingClientRect().width > narrow",
        arg=narrow,
    )
    snap(page, "school-landscape")

    page.set_viewport_size(PHONE)
    page.click("[data-figure=gate-refused]")
    page.wait_for_url(f"**/campus/schools/{w.schools['S1'].pk}/gate/log/*")
    assert "生S1C1B" in page.content()  # the refused student, on the school's gate log
    snap(page, "gate-log")
