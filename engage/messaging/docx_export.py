"""The Word (DOCX) copy of a draft: its blocks as headings and paragraphs, then the evidence.

The evidence appendix lists each finding with what it rests on, grouped as themes, statistics
(with the number of people behind them) and quotes (with the consent they were given under).
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage.messaging.models import Block, BlockKind, Draft, EvidenceKind

MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Word's own language tags (Hmong has none of its own; "hmn" is the ISO 639 code).
WORD_LANGUAGE = {"en": "en-US", "es": "es-US", "hmn": "hmn"}
GROUP_TITLES = {EvidenceKind.THEME: _l("Themes"), EvidenceKind.STATISTIC: _l("Statistics"),
                EvidenceKind.QUOTE: _l("Quotes")}  # fmt: skip


def render(
    draft: Draft,
    blocks: list[tuple[Block, str]],
    evidence: list[tuple[str, dict[str, list[str]]]],
    language: str,
) -> bytes:
    """The DOCX bytes; ``evidence`` is (finding text, {evidence kind: source lines}) per
    finding, empty for the public copy."""
    doc = Document()
    doc.core_properties.title = draft.title
    doc.core_properties.language = WORD_LANGUAGE[language]
    _set_language(doc, WORD_LANGUAGE[language])
    for block, text in blocks:
        _add_block(doc, block, text)
    if evidence:
        _add_appendix(doc, evidence)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _set_language(doc: DocxDocument, tag: str) -> None:
    """Mark the text's language in the default run properties (screen readers read it)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), tag)


def _add_block(doc: DocxDocument, block: Block, text: str) -> None:
    if block.kind == BlockKind.HEADING:
        doc.add_heading(text, level=1)
    elif block.kind == BlockKind.QUOTE:
        doc.add_paragraph(f"“{text}”", style="Quote")
    elif block.kind == BlockKind.CALL_TO_ACTION:
        doc.add_paragraph().add_run(text).bold = True
    else:
        doc.add_paragraph(text)


def _add_appendix(doc: DocxDocument, evidence: list[tuple[str, dict[str, list[str]]]]) -> None:
    doc.add_page_break()
    doc.add_heading(_("Evidence"), level=1)
    for number, (text, groups) in enumerate(evidence, 1):
        doc.add_heading(f"{number}. {text}", level=2)
        for kind, title in GROUP_TITLES.items():
            if groups.get(kind):
                doc.add_paragraph().add_run(str(title)).bold = True
            for line in groups.get(kind, []):
                doc.add_paragraph(line, style="List Bullet")
