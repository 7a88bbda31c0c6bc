"""Reading LimeSurvey XML exports (.lss, .lsg, .lsq, .lsr; .lsa zips) into plain tables.

Both format generations are normalised: before DBVersion ~400 every translatable row is
repeated per language with a ``language`` column; newer files keep text in ``*_l10ns``
tables. The result keys wording by language either way.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from surveys.importers.report import BadImport
from surveys.importers.safety import open_zip, parse_xml, read_member

Rows = list[dict[str, str]]
_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """LimeSurvey wording is HTML; Engage stores plain text."""
    text = re.sub(r"<br\s*/?>|</p>", "\n", text or "", flags=re.IGNORECASE)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(_TAGS.sub("", text))).strip()


@dataclass
class LsQuestion:
    qid: str
    gid: str
    parent: str
    type: str
    title: str
    order: int
    mandatory: str = "N"
    other: str = "N"
    relevance: str = ""
    scale: str = "0"
    text: dict[str, str] = field(default_factory=dict)
    help: dict[str, str] = field(default_factory=dict)


@dataclass
class LsDocument:
    kind: str
    languages: list[str]
    base: str
    title: dict[str, str] = field(default_factory=dict)
    groups: list[dict[str, Any]] = field(default_factory=list)
    questions: list[LsQuestion] = field(default_factory=list)
    #: qid -> [(scale, code, order, {lang: label})]
    answers: dict[str, list[tuple[str, str, int, dict[str, str]]]] = field(default_factory=dict)
    conditions: Rows = field(default_factory=list)
    #: qid -> {attribute: value} for attributes set to something (question_attributes)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    #: qids with a default answer (defaultvalues)
    defaults: set[str] = field(default_factory=set)
    quotas: Rows = field(default_factory=list)
    responses: Rows | None = None


def read_document(data: bytes, filename: str) -> LsDocument:
    """Parse any LimeSurvey export; an .lsa brings its responses along.

    Raises:
        BadImport: not a LimeSurvey document, malformed XML, or a refused archive.
    """
    if PurePath(filename).suffix.lower() == ".lsa":
        return _archive(data, filename)
    return _document(parse_xml(data, filename), filename)


def _archive(data: bytes, filename: str) -> LsDocument:
    archive = open_zip(data, filename)
    names = archive.namelist()
    survey = [n for n in names if n.lower().endswith(".lss")]
    if len(survey) != 1:
        raise BadImport(f"{filename}: an .lsa archive must hold exactly one .lss survey.")
    document = _document(parse_xml(read_member(archive, survey[0], filename), survey[0]), filename)
    for name in [n for n in names if n.lower().endswith(".lsr")]:
        root = parse_xml(read_member(archive, name, filename), name)
        document.responses = tables(root).get("responses", [])
    return document


def tables(root: Any) -> dict[str, Rows]:
    """Every ``<name><rows><row>...`` table of the document as a list of dicts."""
    out: dict[str, Rows] = {}
    for child in root:
        rows = child.find("rows")
        if rows is not None:
            out[child.tag] = [
                {c.tag.lstrip("_"): (c.text or "") for c in row} for row in rows.findall("row")
            ]
    return out


def _document(root: Any, filename: str) -> LsDocument:
    if root.tag != "document" or root.findtext("LimeSurveyDocType") is None:
        raise BadImport(f"{filename}: not a LimeSurvey export (no LimeSurveyDocType).")
    t = tables(root)
    languages = [e.text or "" for e in root.iterfind("languages/language") if e.text]
    settings = (t.get("surveys") or [{}])[0]
    base = settings.get("language") or (languages[0] if languages else "en")
    doc = LsDocument(root.findtext("LimeSurveyDocType") or "", languages or [base], base)
    doc.title = {
        r.get("surveyls_language", ""): r.get("surveyls_title", "")
        for r in t.get("surveys_languagesettings", [])
    }
    doc.groups = _groups(t, base)
    doc.questions = _questions(t, base)
    doc.answers = _answers(t, base)
    doc.conditions = t.get("conditions", [])
    for row in t.get("question_attributes", []):
        if row.get("value", "").strip():
            doc.attributes.setdefault(row.get("qid", ""), {})[row.get("attribute", "")] = row[
                "value"
            ]
    doc.defaults = {row.get("qid", "") for row in t.get("defaultvalues", [])}
    doc.quotas = t.get("quota", [])
    if not doc.questions:
        raise BadImport(f"{filename}: the {doc.kind or 'file'} holds no questions.")
    return doc


def _by_language(rows: Rows, key: str, base: str) -> dict[str, dict[str, Rows]]:
    out: dict[str, dict[str, Rows]] = {}
    for row in rows:
        out.setdefault(row.get(key, ""), {}).setdefault(row.get("language") or base, []).append(row)
    return out


def _groups(t: dict[str, Rows], base: str) -> list[dict[str, Any]]:
    l10n = _by_language(t.get("group_l10ns") or t.get("groups", []), "gid", base)
    seen: dict[str, dict[str, Any]] = {}
    for row in t.get("groups", []):
        group = seen.setdefault(
            row.get("gid", ""),
            {
                "gid": row.get("gid", ""),
                "order": _int(row.get("group_order")),
                "relevance": row.get("grelevance", ""),
                "name": {},
                "description": {},
            },
        )
        for lang, rows in l10n.get(group["gid"], {}).items():
            group["name"][lang] = plain(rows[0].get("group_name", ""))
            group["description"][lang] = plain(rows[0].get("description", ""))
    return sorted(seen.values(), key=lambda g: g["order"])


def _questions(t: dict[str, Rows], base: str) -> list[LsQuestion]:
    rows = t.get("questions", []) + t.get("subquestions", [])
    l10n = _by_language(t.get("question_l10ns") or rows, "qid", base)
    found: dict[str, LsQuestion] = {}
    for row in rows:
        qid = row.get("qid", "")
        if qid not in found:
            found[qid] = LsQuestion(
                qid=qid,
                gid=row.get("gid", ""),
                parent=row.get("parent_qid", "0") or "0",
                type=row.get("type", ""),
                title=row.get("title", ""),
                order=_int(row.get("question_order")),
                mandatory=row.get("mandatory") or "N",
                other=row.get("other") or "N",
                relevance=(row.get("relevance") or "").strip(),
                scale=row.get("scale_id") or "0",
            )
        for lang, texts in l10n.get(qid, {}).items():
            found[qid].text[lang] = plain(texts[0].get("question", ""))
            found[qid].help[lang] = plain(texts[0].get("help", ""))
    return sorted(found.values(), key=lambda q: (q.order, _int(q.qid)))


def _answers(t: dict[str, Rows], base: str) -> dict[str, list[tuple[str, str, int, dict]]]:
    labels = _by_language(t.get("answer_l10ns", []), "aid", base)
    merged: dict[tuple[str, str, str], tuple[int, dict[str, str]]] = {}
    for row in t.get("answers", []):
        key = (row.get("qid", ""), row.get("scale_id") or "0", row.get("code", ""))
        order, texts = merged.setdefault(key, (_int(row.get("sortorder")), {}))
        if "answer" in row:  # old format: the label is inline, one row per language
            texts[row.get("language") or base] = plain(row["answer"])
        for lang, rows in labels.get(row.get("aid", ""), {}).items():
            texts[lang] = plain(rows[0].get("answer", ""))
    out: dict[str, list[tuple[str, str, int, dict]]] = {}
    for (qid, scale, code), (order, texts) in merged.items():
        out.setdefault(qid, []).append((scale, code, order, texts))
    for items in out.values():
        items.sort(key=lambda a: (a[0], a[2]))
    return out


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0
