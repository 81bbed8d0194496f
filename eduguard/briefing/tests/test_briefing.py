"""The work briefing: sentences filled from the records, sentences and sections without data left
out, the comparison with the period before, suppression of small counts; the command and the page."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from eduguard.audit.models import AccessLog
from eduguard.briefing.models import BriefingSection, BriefingTemplate
from eduguard.briefing.services.briefing import build, fill_lines, to_markdown
from eduguard.briefing.services.briefing_defaults import ensure_default_template
from eduguard.briefing.services.briefing_docx import to_docx
from eduguard.briefing.services.figures import collect
from eduguard.core.models import RuleValue
from eduguard.notify.models import Message
from eduguard.outreach.services.documents import DocumentIn, register_document

TODAY = timezone.localdate()


def _docs(w, n, direction="forwarded", day=TODAY):
    for i in range(n):
        register_document(
            actor=w.leader,
            county=w.county,
            data=DocumentIn(
                direction=direction,
                title=f"通知{i}",
                date=day,
                number=f"{direction}{day}{i}",
                origin="省教育厅",
            ),
            schools=[w.schools["S1"]],
            today=TODAY,
        )


def _sms(w, n, day):
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    Message.objects.bulk_create(
        Message(
            channel="sms",
            kind="outreach.notice",
            dedupe_key=f"{day}{i}",
            body="x",
            status="sent",
            sent_at=when,
            county=w.county,
        )
        for i in range(n)
    )


def test_a_sentence_without_data_is_left_out_and_clauses_are_closed():
    figures = {"a": 3, "b": None, "c": 0, "d": "，较上期增加1"}
    text, n = fill_lines("共{{ a }}件，\n其中{{ b }}件；\n另有{{ c }}起，\n说明文字。", figures)
    assert (text, n) == ("共3件，说明文字。", 1)
    text, n = fill_lines("共{{ a }}件{{ d|default:'' }}，", figures)
    assert (text, n) == ("共3件，较上期增加1。", 1)
    text, n = fill_lines("共{{ a }}件{{ missing|default:'' }}", figures)
    assert (text, n) == ("共3件。", 1)
    assert fill_lines("只有{{ b }}。\n说明文字。", figures) == ("说明文字。", 0)


def test_the_default_template_comes_back_when_emptied(world):
    BriefingTemplate.objects.all().delete()
    template = ensure_default_template()
    assert [s.heading for s in template.sections.all()] == ["外防输入", "内防扩散", "多措并举", "上下齐心"]
    assert ensure_default_template() == template and BriefingSection.objects.count() == 4


def test_only_sections_with_data_are_written(world):
    w = world
    _docs(w, 3)
    _docs(w, 2, direction="issued")
    b = build(w.county, TODAY)
    assert b.title == "测试县教育局新型冠状病毒感染的肺炎疫情防控指挥部工作简报"
    assert [p.heading for p in b.paragraphs] == [""]  # the opening only: no screening, no volunteers…
    assert "累计转发省市县各类文件3件，下发文件、方案、通知共计2份" in b.paragraphs[0].text
    md = to_markdown(b)
    assert "外防输入" not in md and "0名" not in md and "共0" not in md


def test_the_period_is_compared_with_the_one_before(world):
    w = world
    _sms(w, 5, TODAY - dt.timedelta(days=10))  # the period before
    _sms(w, 8, TODAY - dt.timedelta(days=2))
    figures = collect(w.county, TODAY, TODAY - dt.timedelta(days=6))
    assert figures["sms"] == 8 and figures["sms_change"] == "，较上期增加3"
    b = build(w.county, TODAY, TODAY - dt.timedelta(days=6))
    assert "共发送短信8条，较上期增加3。" in to_markdown(b)
    assert collect(w.county, TODAY)["sms"] == 13 and "sms_change" not in collect(w.county, TODAY)


def test_small_counts_of_people_are_suppressed_when_configured(world):
    from eduguard.response.services.fever import detect_fever

    w = world
    detect_fever(person=w.people["S1C1A"], source="gate", temperature="38.1", actor=w.admin)
    assert collect(w.county, TODAY)["fevers"] == 1
    RuleValue.objects.create(
        name="briefing.suppress_below", value=5, effective_from=TODAY - dt.timedelta(days=1)
    )
    assert collect(w.county, TODAY)["fevers"] == "不足5"


def test_a_county_template_overrides_the_default(world):
    w = world
    _docs(w, 1)
    own = BriefingTemplate.objects.create(
        county=w.county,
        code="weekly",
        name="周报",
        title="{{ county }}教育系统防控周报",
        issuer="{{ bureau }}",
        opening="本周转发文件{{ forwarded }}件。",
    )
    b = build(w.county, TODAY)
    assert b.title == "测试县教育系统防控周报" and b.paragraphs[0].text == "本周转发文件1件。"
    own.active = False
    own.save()
    assert build(w.county, TODAY).title.endswith("工作简报")


def test_the_word_document(world):
    w = world
    _docs(w, 2)
    data = to_docx(build(w.county, TODAY))
    doc = Docx(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].endswith("工作简报") and "测试县教育局疫情防控指挥部" in texts[1]
    assert any("累计转发省市县各类文件2件" in t for t in texts)
    title_run = doc.paragraphs[0].runs[0]
    assert title_run.font.color.rgb is not None and str(title_run.font.color.rgb) == "C00000"


def test_the_command(world, tmp_path):
    w = world
    _docs(w, 2)
    out = tmp_path / "b.md"
    call_command("briefing", "--date", TODAY.isoformat(), "--format", "md", "--out", str(out))
    assert "累计转发省市县各类文件2件" in out.read_text(encoding="utf-8")
    docx = tmp_path / "b.docx"
    call_command("briefing", "--date", TODAY.isoformat(), "--out", str(docx))
    assert docx.read_bytes()[:2] == b"PK"
    for bad, message in (
        (["--date", "2020-13-01"], "not a date"),
        (["--date", "2020-02-19", "--since", "2020-02-20"], "--since"),
        (["--date", "2020-02-19", "--county", "999999"], "no such county"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("briefing", *bad, "--out", str(out))
    with pytest.raises(CommandError, match="no such directory"):
        call_command("briefing", "--date", "2020-02-19", "--out", str(tmp_path / "missing" / "b.md"))


def test_the_page(world, client):
    w = world
    _docs(w, 2)
    url = reverse("briefing:briefing")
    client.force_login(w.principal)
    assert client.get(url).status_code == 403
    client.force_login(w.leader)
    page = client.get(url)
    assert page.status_code == 200 and "累计转发省市县各类文件2件" in page.content.decode()
    got = client.get(url, {"date": TODAY.isoformat(), "format": "docx"})
    assert got.status_code == 200 and got.content[:2] == b"PK"
    assert AccessLog.objects.filter(action="export", detail__what="briefing").count() == 1
    md = client.get(url, {"date": TODAY.isoformat(), "format": "md"})
    assert md["Content-Type"].startswith("text/markdown") and "工作简报" in md.content.decode()
    for bad in (
        {"date": "yesterday"},
        {"date": (TODAY + dt.timedelta(days=1)).isoformat()},
        {"date": TODAY.isoformat(), "since": (TODAY + dt.timedelta(days=1)).isoformat()},
        {"date": TODAY.isoformat(), "county": "abc"},
    ):
        assert client.get(url, bad).status_code == 400, bad
    assert AccessLog.objects.filter(action="export", detail__what="briefing").count() == 2


def test_the_daily_report_sentence_says_how_many_abnormal_reports_are_still_followed_up(world):
    from eduguard.health.services.reports import close_follow_up, submit_report

    for key in ("S1C1A", "S1C1B"):
        submit_report(
            person=world.people[key],
            day=TODAY,
            data={"temperature": "38.1" if key == "S1C1A" else "36.5"},
            reporter_kind="guardian",
            source="link",
        )
    before = to_markdown(build(world.county, TODAY))
    assert "已报告2人" in before and "其中异常1人，正在跟进1人。" in before and "已跟进处置" not in before
    fever = world.people["S1C1A"].daily_reports.get().follow_up
    close_follow_up(follow_up=fever, actor=world.head_teacher, note="已就医，排除")
    after = to_markdown(build(world.county, TODAY))
    assert "其中异常1人，已跟进处置1人。" in after and "正在跟进" not in after


def test_an_earlier_default_template_gets_the_new_sentences_and_a_countys_own_wording_stays(db):
    import importlib

    from django.apps import apps

    refresh = importlib.import_module("eduguard.briefing.migrations.0003_refresh_default_template")
    template = ensure_default_template()
    old_opening, new_opening = refresh.OPENING
    BriefingTemplate.objects.filter(pk=template.pk).update(opening=old_opening)
    (kept, (old_kept, _)), (edited, _) = list(refresh.SECTIONS.items())[:2]
    BriefingSection.objects.filter(template=template, heading=kept).update(body=old_kept)
    BriefingSection.objects.filter(template=template, heading=edited).update(body="本县自拟的段落")
    refresh.refresh(apps, None)
    assert BriefingTemplate.objects.get(pk=template.pk).opening == new_opening
    assert BriefingSection.objects.get(template=template, heading=kept).body == refresh.SECTIONS[kept][1]
    assert BriefingSection.objects.get(template=template, heading=edited).body == "本县自拟的段落"
