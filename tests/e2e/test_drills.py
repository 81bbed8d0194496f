"""The drill pages in a real browser: a principal records a drill with a date in the future (and
reads the refusal), then with a good date and a photo; the drill is listed and the count of missing
scenarios falls, on the school's page and on the county overview, on a desktop and on a phone."""

import datetime as dt
import shutil

import pytest
from django.utils import timezone

from eduguard.response.models import Drill
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser
PHOTO = {"name": "演练现场.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n photo"}


@pytest.fixture
def shot(snap):
    """snap() and a copy at /tmp/drills-<step>.png, for a person to look at."""

    def take(page, step):
        shutil.copyfile(snap(page, step), f"/tmp/drills-{step}.png")

    return take


@pytest.fixture
def drills(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return world


def fill_drill(page, day: dt.date):
    form = page.locator("#drill-form")
    form.get_by_label("演练科目").select_option(label="发热师生处置")
    form.get_by_label("演练日期").fill(day.isoformat())
    form.get_by_label("参加人数").fill("36")
    form.get_by_label("发现的问题").fill("转运路线上有学生围观；隔离室缺少一次性帽子")
    form.get_by_label("整改措施").fill("明确专用路线，由体育组维持秩序；补齐防护用品")
    return form


def test_a_principal_records_a_drill_and_the_missing_count_falls(drills, live_server, new_page, login, shot):
    world = drills
    school, today = world.schools["S1"], timezone.localdate()
    principal = login(new_page(DESKTOP), world.principal)
    principal.goto(f"{live_server.url}/response/schools/{school.pk}/drills/")
    assert principal.locator("#count").inner_text() == "0/4 项已演练"
    assert principal.locator("#missing").inner_text() == "4 项未演练"
    shot(principal, "empty")

    form = fill_drill(principal, today + dt.timedelta(days=3))
    form.get_by_label("照片或记录").set_input_files(PHOTO)
    form.get_by_role("button", name="保存演练记录").click()
    principal.wait_for_selector("text=演练日期不能晚于今天")
    assert not Drill.objects.exists()
    assert principal.locator("#file-again").is_visible()  # a browser cannot keep the file chosen
    assert principal.locator("#drill-form .has-error label").inner_text() == "演练日期"
    shot(principal, "refused")

    form = fill_drill(principal, today - dt.timedelta(days=1))
    form.get_by_label("照片或记录").set_input_files(PHOTO)
    form.get_by_role("button", name="保存演练记录").click()
    principal.wait_for_selector("text=的“发热师生处置”演练（36 人参加）")
    assert principal.locator("#count").inner_text() == "1/4 项已演练"
    assert principal.locator("#missing").inner_text() == "3 项未演练"
    assert principal.locator("#scenario-fever .status").inner_text() == "已演练"
    drill = Drill.objects.get()
    row = principal.locator(f"#drill-{drill.pk}")
    assert "转运路线上有学生围观" in row.inner_text()
    assert row.get_by_role("link", name="查看").get_attribute("href") == f"/response/drills/{drill.pk}/file/"
    shot(principal, "recorded")

    principal.get_by_role("link", name="各校演练情况").click()
    s1 = principal.locator(f"#school-{school.pk}")
    assert "3 项未演练" in s1.inner_text() and "发热师生处置" not in s1.inner_text()
    shot(principal, "overview")

    phone = login(new_page(PHONE), world.leader)
    phone.goto(f"{live_server.url}/response/drills/")
    assert phone.locator("#summary").inner_text().split()[:2] == ["学校", "3"]
    shot(phone, "overview-phone")
    phone.get_by_role("link", name=school.name).click()
    assert phone.locator("#count").inner_text() == "1/4 项已演练"
    assert phone.locator("#drill-form").count() == 0  # a bureau leader reads; the school records
    shot(phone, "school-phone")

    doctor = login(new_page(PHONE), world.doctor)
    doctor.goto(f"{live_server.url}/response/schools/{school.pk}/drills/")
    shot(doctor, "form-phone")
