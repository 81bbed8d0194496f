"""The work briefing in a real browser and in a real office suite: the bureau leader reads it on the
page and downloads the Word file, which LibreOffice converts to PDF; the first page is rendered to
an image (test-artifacts/e2e/…-briefing-page1.png) for a person to look at."""

import shutil
import subprocess

import pytest
from django.utils import timezone

from eduguard.notify.models import Message
from eduguard.outreach.services.documents import DocumentIn, register_document
from tests.e2e.conftest import ARTIFACTS, DESKTOP

pytestmark = pytest.mark.browser


@pytest.fixture
def office():
    tools = {name: shutil.which(name) for name in ("soffice", "pdftoppm", "pdftotext")}
    missing = [name for name, path in tools.items() if path is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: apt-get install libreoffice-writer-nogui poppler-utils")
    return tools


def test_the_leader_reads_and_downloads_the_briefing(
    world, live_server, new_page, login, snap, office, tmp_path
):
    w, today = world, timezone.localdate()
    for i in range(3):
        register_document(
            actor=w.leader,
            county=w.county,
            data=DocumentIn(
                direction="forwarded", title=f"转发通知{i}", date=today, number=f"F{i}", origin="省教育厅"
            ),
            schools=[w.schools["S1"], w.schools["S2"]],
        )
    sent = timezone.now()
    Message.objects.bulk_create(
        Message(
            channel="sms",
            kind="outreach.notice",
            dedupe_key=f"k{i}",
            body="x",
            status="sent",
            sent_at=sent,
            county=w.county,
        )
        for i in range(12)
    )
    page = login(new_page(DESKTOP), w.leader)
    page.goto(f"{live_server.url}/briefing/")
    article = page.locator("#briefing")
    assert "测试县教育局新型冠状病毒感染的肺炎疫情防控指挥部工作简报" in article.inner_text()
    assert "累计转发省市县各类文件3件" in article.inner_text() and "共发送短信12条" in article.inner_text()
    snap(page, "briefing")
    with page.expect_download() as info:
        page.locator("#download-docx").click()
    docx = tmp_path / "briefing.docx"
    info.value.save_as(docx)

    subprocess.run(
        [office["soffice"], "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "briefing.pdf"
    text = subprocess.run(
        [office["pdftotext"], str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    assert "工作简报" in flat and "累计转发省市县各类文件3件" in flat and "共发送短信12条" in flat
    subprocess.run(
        [office["pdftoppm"], "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    image = next(tmp_path.glob("p*.png"))
    assert image.stat().st_size > 10_000  # a page with text on it, not a blank
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(image, ARTIFACTS / "test_the_leader_reads_and_downloads_the_briefing-briefing-page1.png")
