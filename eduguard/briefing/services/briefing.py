"""The work briefing: the template's sentences filled with the period's figures. A sentence whose
figures have no data is left out; a section left with no figures at all is left out whole, so the
briefing never prints a zero it did not count."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.template import Context, Engine

from eduguard.briefing.models import BriefingTemplate
from eduguard.briefing.services.briefing_defaults import ensure_default_template
from eduguard.briefing.services.figures import collect
from eduguard.org.models import County

# {{ name }} or {{ name|filter }}; a figure read through `default` is optional.
PLACEHOLDER = re.compile(r"{{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\|[^}]*)?}}")
ENGINE = Engine(autoescape=False, builtins=["django.template.defaultfilters"])


@dataclass
class Paragraph:
    heading: str  # 外防输入 (empty for the opening)
    lead: str
    text: str


@dataclass
class Briefing:
    title: str
    issuer: str
    headline: str
    date: dt.date
    since: dt.date | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    figures: dict = field(default_factory=dict, repr=False)

    @property
    def date_text(self) -> str:
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"

    @property
    def period_text(self) -> str:
        if not self.since:
            return f"截至{self.date_text}"
        return f"{self.since.year}年{self.since.month}月{self.since.day}日至{self.date_text}"


def _fill(text: str, figures: dict) -> str:
    return ENGINE.from_string(text).render(Context(figures)).strip()


def _has_data(value) -> bool:
    return value is not None and value != "" and value != 0


def fill_lines(body: str, figures: dict) -> tuple[str, int]:
    """The body's lines joined into one paragraph, without the lines whose figures are missing;
    and how many lines quoting figures were kept."""
    kept, with_data = [], 0
    for line in (raw.strip() for raw in body.splitlines()):
        if not line:
            continue
        names = [m.group(1) for m in PLACEHOLDER.finditer(line) if "default" not in (m.group(2) or "")]
        if names and not all(_has_data(figures.get(n)) for n in names):
            continue
        with_data += bool(names)
        kept.append(_fill(line, figures))
    text = "".join(kept)
    text = re.sub(r"[，；、]+(。|$)", "。", text)  # a clause cut off before its end
    if text and text[-1] not in "。！？”":
        text += "。"
    return text, with_data


def build(
    county: County, until: dt.date, since: dt.date | None = None, template: BriefingTemplate | None = None
) -> Briefing:
    template = template or default_template(county)
    figures = collect(county, until, since)
    briefing = Briefing(
        title=_fill(template.title, figures),
        issuer=_fill(template.issuer, figures),
        headline=template.headline,
        date=until,
        since=since,
        figures=figures,
    )
    opening, n = fill_lines(template.opening, figures)
    if n:
        briefing.paragraphs.append(Paragraph("", "", opening))
    for section in template.sections.all():
        text, n = fill_lines(section.body, figures)
        if n:
            briefing.paragraphs.append(Paragraph(section.heading, section.lead, text))
    return briefing


def default_template(county: County) -> BriefingTemplate:
    own = BriefingTemplate.objects.filter(county=county, active=True).order_by("code").first()
    return (
        own
        or BriefingTemplate.objects.filter(county=None, active=True).order_by("code").first()
        or ensure_default_template()
    )


def to_markdown(b: Briefing) -> str:
    lines = [f"# {b.title}", "", f"{b.issuer}　　{b.date_text}", ""]
    if b.headline:
        lines += [f"## {b.headline}", ""]
    for p in b.paragraphs:
        head = (
            f"**{p.heading}，{p.lead}。**"
            if p.heading and p.lead
            else f"**{p.heading}。**"
            if p.heading
            else ""
        )
        lines += [head + p.text, ""]
    lines.append(f"（统计时段：{b.period_text}；数据来源：教育防控平台）")
    return "\n".join(lines) + "\n"
