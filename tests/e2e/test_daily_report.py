"""The daily report loop in a real browser: a guardian reports from a phone through the class QR
link, and the head teacher sees the roll-call update and copies the 接龙 text."""

import time

import pytest

from eduguard.health.models import DailyReport
from eduguard.health.services.links import issue_link
from eduguard.org.models import Guardian
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def link(world):
    guardian = Guardian.objects.get(person=world.people["S1C1A"])
    guardian.set_phone("+8613912345678")
    guardian.save()
    return issue_link(school_class=world.classes["S1C1"], actor=world.head_teacher)


def test_a_guardian_reports_from_a_phone_in_under_30_seconds(world, link, live_server, new_page, snap):
    page = new_page(PHONE)
    started = time.monotonic()
    page.goto(f"{live_server.url}/r/{link.token}/")
    snap(page, "pick")
    page.locator(".pick label").first.click()  # children are listed by masked name, sorted
    page.fill("input[name=phone_last4]", "5678")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/r/{link.token}/report/")
    page.fill("input[name=temperature]", "36.6")
    snap(page, "form")
    page.click("button[type=submit]")
    page.wait_for_selector("text=已提交")
    elapsed = time.monotonic() - started
    snap(page, "done")
    assert elapsed < 30
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    report = DailyReport.objects.get(person=world.people["S1C1A"])
    assert report.reporter_kind == "guardian" and not report.abnormal

    # The phone remembers the child: the next visit goes straight to the form.
    page.goto(f"{live_server.url}/r/{link.token}/")
    page.wait_for_url(f"**/r/{link.token}/report/")
    assert "今天已于" in page.content()


def test_the_head_teacher_sees_the_roll_call_and_copies_the_chain_text(
    world, link, live_server, new_page, login, snap
):
    from django.utils import timezone

    from eduguard.health.services.reports import submit_report

    submit_report(
        person=world.people["S1C1A"],
        day=timezone.localdate(),
        data={"temperature": "38.1"},
        reporter_kind="guardian",
        source="link",
    )
    page = login(new_page(DESKTOP), world.head_teacher)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server.url}/health/classes/{world.classes['S1C1'].pk}/")
    snap(page, "rollcall")
    stats = page.locator("#rollcall-stats").inner_text()
    assert "已报" in stats and "50%" in stats
    assert page.locator("#missing").inner_text().strip().startswith("生S1C1B")
    assert "体温≥发热阈值" in page.locator("#follow-ups").inner_text()
    page.get_by_role("button", name="复制接龙文字").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("#接龙") and "2. 生S1C1B 未报" in copied

    page.goto(f"{live_server.url}/health/classes/{world.classes['S1C1'].pk}/link/")
    snap(page, "qr-sheet")
    assert page.locator("#qr-sheet svg").count() == 1

    page.goto(f"{live_server.url}/health/stats/?level=class&parent={world.grades['S1'].pk}")
    snap(page, "stats")
    assert "七(1)班" in page.locator("#stats-table").inner_text()
