from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from eduguard.health.models import ChainImport, DailyReport
from eduguard.health.services.chain import confirm_chain_import, create_chain_import, parse, read_answers

CHAIN = """#接龙 3月2日 七(1)班健康报平安：请按“序号. 姓名 体温 家庭成员健康 是否接触三类人员 1月15日后是否外出 是否接触外地来人”接龙
1. 生S1C1A 36.5℃ 家人健康 未接触 未外出 未接触
2．生S1C1B 37.6 家人健康 未接触 外出 未接触
3、王五 36.4℃ 家人健康
"""


def test_it_parses_numbered_lines_and_skips_the_header():
    lines = parse(CHAIN)
    assert [(line["seq"], line["name"], line["temperature"]) for line in lines] == [
        (1, "生S1C1A", Decimal("36.5")),
        (2, "生S1C1B", Decimal("37.6")),
        (3, "王五", Decimal("36.4")),
    ]


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        ("家人健康 未接触 未外出 未接触", {}),
        ("没有发热 无咳嗽", {}),
        ("有点咳嗽", {"symptoms": ["cough"]}),
        ("发烧了 外出过", {"symptoms": ["fever"], "left_county": True}),
        ("接触三类人员", {"contact_three_categories": True}),
        ("不接触外地人", {}),
    ],
)
def test_it_reads_keywords_unless_negated(text, answers):
    assert read_answers(text)[0] == answers


@given(st.text(max_size=200))
def test_parsing_never_crashes(text):
    for line in parse(text):
        assert line["temperature"] is None or Decimal("34") <= line["temperature"] < Decimal("43")


def test_it_matches_the_roster_and_flags_what_needs_review(world):
    chain = create_chain_import(
        school_class=world.classes["S1C1"], day=timezone.localdate(), text=CHAIN, actor=None
    )
    lines = list(chain.lines.all())
    assert lines[0].person == world.people["S1C1A"] and lines[0].flags == []
    assert lines[1].person == world.people["S1C1B"] and lines[1].flags == ["含需关注内容：外出"]
    assert lines[2].person is None and lines[2].flags == ["名单中无此人"]


def test_confirming_creates_reports_only_for_included_lines(world):
    chain = create_chain_import(
        school_class=world.classes["S1C1"], day=timezone.localdate(), text=CHAIN, actor=None
    )
    first, second, _ = chain.lines.all()
    assert (
        confirm_chain_import(chain=chain, include={first.id, second.id}, people={}, actor=world.head_teacher)
        == 2
    )
    flagged = DailyReport.objects.get(person=world.people["S1C1B"])
    assert flagged.source == "chain" and flagged.left_county and flagged.abnormal
    with pytest.raises(ValidationError, match="已导入"):
        confirm_chain_import(chain=chain, include=set(), people={}, actor=None)


def test_a_line_without_a_person_cannot_be_included(world):
    chain = create_chain_import(
        school_class=world.classes["S1C1"], day=timezone.localdate(), text=CHAIN, actor=None
    )
    unknown = chain.lines.get(seq=3)
    with pytest.raises(ValidationError, match="第3行"):
        confirm_chain_import(chain=chain, include={unknown.id}, people={}, actor=None)
    assert not DailyReport.objects.exists()


def test_the_head_teacher_can_pick_the_student_for_a_flagged_line(world, client):
    chain = create_chain_import(
        school_class=world.classes["S1C1"], day=timezone.localdate(), text=CHAIN, actor=None
    )
    unknown = chain.lines.get(seq=3)
    client.force_login(world.head_teacher)
    response = client.post(
        f"/health/chain/{chain.pk}/",
        {"include": [unknown.pk], f"person-{unknown.pk}": world.people["S1C1B"].pk},
    )
    assert response.status_code == 302
    assert DailyReport.objects.get(person=world.people["S1C1B"]).temperature == Decimal("36.4")


@pytest.mark.parametrize(
    "text", ["", "no numbered lines here", "\n".join(f"{i}. 某 36.5" for i in range(1, 300))]
)
def test_bad_pastes_are_refused_with_a_message(world, client, text):
    client.force_login(world.head_teacher)
    response = client.post(f"/health/classes/{world.classes['S1C1'].pk}/chain/", {"text": text})
    assert response.status_code == 400
    assert not ChainImport.objects.exists()


def test_the_paste_and_review_pages_render(world, client):
    client.force_login(world.head_teacher)
    url = f"/health/classes/{world.classes['S1C1'].pk}/chain/"
    assert client.get(url).status_code == 200
    review = client.post(url, {"text": CHAIN})
    page = client.get(review["Location"]).content.decode()
    assert "名单中无此人" in page and "未接龙" in page
