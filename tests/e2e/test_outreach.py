"""Documents and notices in a real browser: the bureau registers a document for two schools; a
principal on a phone finds it under 待签收 and signs; the bureau sees who has not. A head teacher
previews a notice to the class's families, sees the count and the text, and sends it."""

import pytest
from django.utils import timezone

from eduguard.notify.models import Message
from eduguard.org.models import Guardian
from eduguard.outreach.models import Notice, Recipient
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_the_bureau_sends_a_document_and_a_principal_signs_for_it(world, live_server, new_page, login, snap):
    w = world
    desk = login(new_page(DESKTOP), w.leader)
    desk.goto(f"{live_server.url}/documents/new/")
    form = desk.locator("#document-form")
    form.get_by_label("印发").check()
    form.get_by_label("文号").fill("测县教发〔2020〕8号")
    form.get_by_label("标题").fill("关于做好开学前师生健康排查的通知")
    form.get_by_label("发文日期").fill(timezone.localdate().isoformat())
    form.get_by_label("发给全县所有学校").uncheck()
    form.get_by_label("测试S1中学").check()
    form.get_by_label("测试S2中学").check()
    snap(desk, "form")
    form.get_by_role("button", name="登记并下发").click()
    desk.wait_for_selector("text=已登记并发给 2 所学校")
    assert "0/2 所学校已签收" in desk.locator("#receipts").inner_text()

    phone = login(new_page(PHONE), w.principal)
    phone.goto(f"{live_server.url}/documents/")
    pending = phone.locator("#pending")
    assert "关于做好开学前师生健康排查的通知" in pending.inner_text()
    snap(phone, "pending")
    pending.get_by_role("link", name="关于做好开学前师生健康排查的通知").click()
    phone.locator("#receive").get_by_role("button", name="签收").click()
    phone.wait_for_selector("text=测试S1中学已于")
    snap(phone, "signed")
    assert Recipient.objects.get(school=w.schools["S1"]).received_by == w.principal
    assert "已签收" in phone.locator("#receipts").inner_text()

    desk.reload()
    receipts = desk.locator("#receipts").inner_text()
    assert "1/2 所学校已签收" in receipts and "未签收" in receipts
    snap(desk, "bureau-sees")


def test_a_head_teacher_previews_and_sends_a_notice(world, live_server, new_page, login, snap):
    w = world
    for n, key in enumerate(("S1C1A", "S1C1B")):
        g = Guardian.objects.filter(person=w.people[key]).first() or Guardian(
            person=w.people[key], name=f"家长{key}", relation="mother"
        )
        g.set_phone(f"+861380000000{n}")
        g.save()
    phone = login(new_page(PHONE), w.head_teacher)
    phone.goto(f"{live_server.url}/messages/notices/new/")
    form = phone.locator("#notice-form")
    form.get_by_label("发送范围").select_option(label="测试S1中学七(1)班")
    form.get_by_label("签名").fill("测试S1中学")
    form.get_by_label("通知内容").fill("明天上午8点线上班会，请家长督促孩子准时参加。")
    form.get_by_role("button", name="预览").click()
    phone.wait_for_selector("#preview")
    assert "【测试S1中学】明天上午8点线上班会" in phone.locator("#preview-text").inner_text()
    snap(phone, "preview")
    assert not Notice.objects.exists()
    phone.get_by_role("button", name="确认发送（2人）").click()
    phone.wait_for_selector("text=已提交发送，共 2 人")
    snap(phone, "sent")
    assert Message.objects.filter(notice__isnull=False).count() == 2
