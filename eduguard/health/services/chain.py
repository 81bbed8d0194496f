"""Importing a WeChat 接龙 chain (domain.md §7.2): parse, match to the roster, review, confirm.

A line is `N. 姓名 free text`. The temperature is the first 34.0–42.9 number; a keyword that is
not negated (未/无/没有/不 just before it) is an answer that needs the head teacher's eye. Lines
whose name is not exactly one student of the class, or that have no temperature, are flagged.
Confirmed lines become reports with source "chain".
"""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.health.models import ChainImport, ChainLine
from eduguard.health.services.reports import submit_report
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, SchoolClass

LINE = re.compile(r"^\s*(\d+)\s*[.．、]\s*(\S+)\s*(.*)$")
TEMPERATURE = re.compile(r"(?<!\d)(3[4-9]|4[0-2])(\.\d)?\s*(?:℃|度|°C?)?")
NEGATION = ("未", "无", "没有", "不", "没")
# keyword → the answer it sets when it is not negated. Longer keywords first.
KEYWORDS = [
    ("接触三类", {"contact_three_categories": True}),
    ("接触外地", {"contact_outsiders": True}),
    ("接触县外", {"contact_outsiders": True}),
    ("发热", {"symptoms": ["fever"]}),
    ("发烧", {"symptoms": ["fever"]}),
    ("咳嗽", {"symptoms": ["cough"]}),
    ("外出", {"left_county": True}),
    ("离县", {"left_county": True}),
    ("接触", {"contact_outsiders": True}),
]
MAX_LINES = 200


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 2) : start]
    return any(before.endswith(n) for n in NEGATION)


def read_answers(text: str) -> tuple[dict, list[str]]:
    """The answers a line's free text gives, and the keywords that set them."""
    answers: dict = {}
    hits: list[str] = []
    taken: list[tuple[int, int]] = []
    for word, answer in KEYWORDS:
        for m in re.finditer(word, text):
            if any(a <= m.start() < b for a, b in taken) or _negated(text, m.start()):
                continue
            taken.append((m.start(), m.end()))
            hits.append(word)
            for key, value in answer.items():
                answers[key] = (
                    sorted(set(answers.get(key, [])) | set(value)) if isinstance(value, list) else value
                )
    return answers, hits


def parse(text: str) -> list[dict]:
    """Numbered lines of a chain; the header and anything unnumbered are skipped."""
    out = []
    for raw in text.splitlines():
        m = LINE.match(raw)
        if not m:
            continue
        seq, name, rest = int(m.group(1)), m.group(2), m.group(3)
        t = TEMPERATURE.search(rest)
        temperature = Decimal(t.group(1) + (t.group(2) or ".0")) if t else None
        answers, hits = read_answers(rest)
        out.append(
            {
                "seq": seq,
                "raw": raw.strip()[:300],
                "name": name[:50],
                "temperature": temperature,
                "answers": answers,
                "hits": hits,
            }
        )
    return out


@transaction.atomic
def create_chain_import(*, school_class: SchoolClass, day: dt.date, text: str, actor) -> ChainImport:
    lines = parse(text)
    if not lines:
        raise ValidationError({"text": ["没有找到“序号. 姓名 …”格式的接龙行"]})
    if len(lines) > MAX_LINES:
        raise ValidationError({"text": [f"一次最多导入 {MAX_LINES} 行"]})
    roster: dict[str, list[Person]] = {}
    for p in Person.objects.filter(
        school_class=school_class, category=PersonCategory.STUDENT, is_active=True
    ):
        roster.setdefault(p.name, []).append(p)
    chain = ChainImport.objects.create(
        school_class=school_class, date=day, text=text[:20000], created_by=actor
    )
    seen: set[int] = set()
    rows = []
    for line in lines:
        matches = roster.get(line["name"], [])
        flags = []
        person = matches[0] if len(matches) == 1 else None
        if not matches:
            flags.append("名单中无此人")
        elif len(matches) > 1:
            flags.append("同名，需选择")
        if person is not None and person.id in seen:
            flags.append("重复接龙")
            person = None
        if person is not None:
            seen.add(person.id)
        if line["temperature"] is None:
            flags.append("未识别体温")
        if line["hits"]:
            flags.append("含需关注内容：" + "、".join(line["hits"]))
        rows.append(
            ChainLine(
                chain=chain,
                seq=line["seq"],
                raw=line["raw"],
                name=line["name"],
                person=person,
                temperature=line["temperature"],
                answers=line["answers"],
                flags=flags,
            )
        )
    ChainLine.objects.bulk_create(rows)
    return chain


def non_reporters(chain: ChainImport) -> list[Person]:
    """Roster members with no line in the chain: the people to chase."""
    matched = {line.person_id for line in chain.lines.all() if line.person_id}
    students = Person.objects.filter(
        school_class=chain.school_class, category=PersonCategory.STUDENT, is_active=True
    )
    return [p for p in students.order_by("name") if p.id not in matched]


@transaction.atomic
def confirm_chain_import(*, chain: ChainImport, include: set[int], people: dict[int, int], actor) -> int:
    """Turn the included lines into reports. `people` maps a line id to the person the head teacher
    picked for a flagged line. A line without a person or a temperature cannot be included."""
    if chain.confirmed_at is not None:
        raise ValidationError({"__all__": ["此接龙已导入"]})
    roster = {
        p.id: p
        for p in Person.objects.filter(school_class=chain.school_class, category=PersonCategory.STUDENT)
    }
    count = 0
    for line in chain.lines.all():
        if line.id not in include:
            continue
        person = roster.get(people.get(line.id) or line.person_id or 0)
        if person is None or line.temperature is None:
            raise ValidationError({"__all__": [f"第{line.seq}行：请先选择学生并确认体温"]})
        report, _ = submit_report(
            person=person,
            day=chain.date,
            data={"temperature": line.temperature, **line.answers},
            reporter_kind="chain",
            source="chain",
            actor=actor,
        )
        line.person, line.report = person, report
        line.save(update_fields=["person", "report"])
        count += 1
    chain.confirmed_at = timezone.now()
    chain.save(update_fields=["confirmed_at"])
    return count
