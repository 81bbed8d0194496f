"""The briefing as a Word document in the layout of a Chinese official briefing (GB/T 9704 in
spirit): a red masthead with the briefing's name, the issuer and date above a red rule, the
headline, then the paragraphs in 仿宋 三号 with two-character indents, each section's heading in
黑体 as it opens its paragraph. Fonts fall back to what the reader's machine has."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from eduguard.briefing.services.briefing import Briefing

RED = RGBColor(0xC0, 0x00, 0x00)
BODY_FONT, HEAD_FONT, TITLE_FONT = "仿宋_GB2312", "黑体", "方正小标宋简体"
BODY_SIZE = Pt(16)  # 三号
LINE, NONE = Pt(28), Pt(0)  # a fixed 28-point line, as official documents use


def _font(run, name: str, size, bold: bool = False, color=None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _red_rule(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "4"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _spacing(paragraph, line=LINE, before=NONE, after=NONE) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing, fmt.space_before, fmt.space_after = line, before, after


def to_docx(b: Briefing) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    masthead = doc.add_paragraph()
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(masthead, line=Pt(40), after=Pt(12))
    _font(masthead.add_run(b.title), TITLE_FONT, Pt(22), bold=True, color=RED)

    meta = doc.add_paragraph()
    _spacing(meta, after=Pt(6))
    meta.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), alignment=2)  # right-aligned date
    _font(meta.add_run(f"{b.issuer}\t{b.date_text}"), BODY_FONT, Pt(14))
    _red_rule(meta)

    if b.headline:
        head = doc.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(head, line=Pt(36), before=Pt(18), after=Pt(12))
        _font(head.add_run(b.headline), TITLE_FONT, Pt(18), bold=True)

    for p in b.paragraphs:
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        para.paragraph_format.first_line_indent = Pt(32)  # two characters
        _spacing(para)
        if p.heading:
            lead = f"{p.heading}，{p.lead}。" if p.lead else f"{p.heading}。"
            _font(para.add_run(lead), HEAD_FONT, BODY_SIZE)
        _font(para.add_run(p.text), BODY_FONT, BODY_SIZE)

    foot = doc.add_paragraph()
    _spacing(foot, before=Pt(18))
    _font(foot.add_run(f"（统计时段：{b.period_text}；数据来源：教育防控平台）"), BODY_FONT, Pt(12))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
