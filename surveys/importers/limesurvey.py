"""LimeSurvey (.lss, .lsg, .lsq, .lsa) -> an Engage survey, with a mapping report.

Mapping (LimeSurvey type code -> Engage type):
  L ! O Y G            list, dropdown, list with comment, yes/no, gender -> single_choice
  M P                  multiple choice (with comments) -> multiple_choice ("other" kept)
  F H A 1 (5/7 cols)   array -> matrix; other widths and B C E -> one single_choice per row
  5                    5-point choice -> likert
  N / K                numeric / multiple numeric -> number (one per row)
  S / T U / Q          short / long / huge / multiple short text -> short_text, long_text
  D                    date -> date
  R                    ranking -> ranking
  X                    text display -> text at the top of its section
  * I | ; : and others equation, language switch, upload, text/number arrays -> skipped
Relevance equations (and the conditions table when a question has no equation) become skip
rules; group relevance becomes the section's rule. Languages other than en/es/hmn are reported.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from surveys.importers import expr
from surveys.importers.languages import engage_code
from surveys.importers.limesurvey_extras import question_notes, report_quotas
from surveys.importers.limesurvey_read import LsDocument, LsQuestion, read_document
from surveys.importers.report import MappingReport
from surveys.importers.spec import CODE, QuestionSpec, SectionSpec, SurveySpec, build, safe_value
from surveys.models import Survey

SINGLE = {"L", "!", "O", "Y", "G"}
MULTI = {"M", "P"}
ARRAYS = {"F", "H", "A", "B", "C", "E", "1"}
SIMPLE = {
    "S": "short_text",
    "T": "long_text",
    "U": "long_text",
    "N": "number",
    "D": "date",
    "5": "likert",
    "R": "ranking",
}
PER_ROW = {"K": "number", "Q": "short_text"}
FIXED = {
    "Y": [("Y", "Yes"), ("N", "No")],
    "G": [("F", "Female"), ("M", "Male")],
    "A": [(str(n), str(n)) for n in range(1, 6)],
    "B": [(str(n), str(n)) for n in range(1, 11)],
    "C": [("Y", "Yes"), ("U", "Uncertain"), ("N", "No")],
    "E": [("I", "Increase"), ("S", "Same"), ("D", "Decrease")],
}
SKIPPED = {
    "*": "an equation is computed, not asked",
    "I": "a language switch",
    "|": "file upload is not supported",
    ";": "arrays of texts are not supported",
    ":": "arrays of numbers are not supported",
}
SGQA = re.compile(r"^(\d+)X(\d+)X(\d+)(\w*)$")


def import_limesurvey(data: bytes, filename: str, actor: Any) -> tuple[Survey, MappingReport]:
    """Create a draft survey (and, from an .lsa, its responses); flushes, never commits."""
    from surveys.importers.limesurvey_responses import import_responses

    report = MappingReport(filename)
    document = read_document(data, filename)
    mapper = _Mapper(document, report, PurePath(filename).stem)
    report_quotas(document, report)
    survey = build(mapper.run(), actor, report)
    if document.responses is not None:
        import_responses(survey, document, mapper.columns, report)
    return survey, report


class _Mapper:
    def __init__(self, doc: LsDocument, report: MappingReport, fallback: str) -> None:
        self.doc, self.report = doc, report
        codes = {lang: engage_code(lang) for lang in doc.languages}
        self.main = next((lang for lang, c in codes.items() if c == "en"), doc.base)
        if codes.get(self.main) != "en":
            report.changed("survey", "languages", f"no English text: {self.main} is the main text")
        self.extra = {
            c: lang for lang, c in codes.items() if c in ("es", "hmn") and lang != self.main
        }
        for lang, code in codes.items():
            if lang != self.main and code not in ("es", "hmn"):
                report.skipped(
                    "survey", f"language {lang}", "Engage offers English, Spanish and Hmong"
                )
        title = doc.title.get(self.main) or next((t for t in doc.title.values() if t), fallback)
        self.spec = SurveySpec(title=title, languages=["en", *sorted(self.extra)])
        self.codes: dict[str, str] = {}  # LimeSurvey title -> Engage code
        self.by_qid = {q.qid: q for q in doc.questions}
        self.subs: dict[str, list[LsQuestion]] = {}
        for q in doc.questions:
            if q.parent != "0":
                self.subs.setdefault(q.parent, []).append(q)
        #: response column (SGQA without the survey id part) -> (Engage code, how to read it)
        self.columns: dict[str, tuple[str, str]] = {}

    def run(self) -> SurveySpec:
        groups = self.doc.groups or [
            {"gid": "", "order": 0, "relevance": "", "name": {}, "description": {}}
        ]
        for group in groups:
            section = SectionSpec(
                title=group["name"].get(self.main, ""),
                intro=group["description"].get(self.main, ""),
            )
            for code, lang in self.extra.items():
                section.translations[code] = {
                    "title": group["name"].get(lang, ""),
                    "intro": group["description"].get(lang, ""),
                }
            where = f"group {group['gid']}"
            section.condition = self._relevance(group["relevance"], where, "the section")
            self.spec.sections.append(section)
            for q in [q for q in self.doc.questions if q.parent == "0"]:
                if q.gid == group["gid"] or not self.doc.groups:
                    self._question(q, section)
        return self.spec

    # -- wording ------------------------------------------------------------------------

    def _words(self, texts: dict[str, str]) -> str:
        return texts.get(self.main) or next((t for t in texts.values() if t), "")

    def _translations(self, q: LsQuestion) -> dict[str, dict[str, Any]]:
        return {
            code: {"text": q.text.get(lang, ""), "help": q.help.get(lang, "")}
            for code, lang in self.extra.items()
        }

    def _spec(self, q: LsQuestion, kind: str, code: str | None = None) -> QuestionSpec:
        used = set(self.codes.values())
        code = code or q.title
        if not CODE.match(code) or code in used:
            code = safe_value(code, used)
        return QuestionSpec(
            code=code,
            type=kind,
            text=self._words(q.text),
            where=f"question {q.title}",
            help=self._words(q.help),
            required=q.mandatory == "Y",
            translations=self._translations(q),
        )

    def _options(self, q: LsQuestion, spec: QuestionSpec, scale: str = "0") -> None:
        answers = [(c, t) for s, c, _o, t in self.doc.answers.get(q.qid, []) if s == scale]
        if q.type in FIXED and not answers:
            answers = [(c, {self.main: label}) for c, label in FIXED[q.type]]
        used: set[str] = set()
        for code, texts in answers:
            value = safe_value(code, used)
            spec.options.append({"value": value, "label": self._words(texts) or code})
            for lang_code, lang in self.extra.items():
                if texts.get(lang):
                    spec.translations[lang_code].setdefault("options", {})[value] = texts[lang]

    # -- questions ----------------------------------------------------------------------

    def _question(self, q: LsQuestion, section: SectionSpec) -> None:
        where = f"question {q.title}"
        if q.type in SKIPPED:
            self.report.skipped(where, q.title, f"type {q.type}: {SKIPPED[q.type]}")
        elif q.type == "X":
            section.intro = f"{section.intro}\n\n{self._words(q.text)}".strip()
            self.report.changed(where, q.title, "text display shown at the top of its section")
        elif q.type in SINGLE or q.type in MULTI or q.type in SIMPLE:
            self._whole(q, section)
        elif q.type in ARRAYS:
            self._array(q, section)
        elif q.type in PER_ROW:
            self._per_row(q, section, PER_ROW[q.type])
        else:
            self.report.skipped(where, q.title, f"type {q.type} has no Engage equivalent")

    def _add(
        self, q: LsQuestion, spec: QuestionSpec, section: SectionSpec, notes: list[str]
    ) -> None:
        spec.condition = self._question_rule(q, notes)
        notes += question_notes(self.doc, q, spec)
        if q.mandatory == "S":
            notes.append("soft mandatory became optional")
        section.questions.append(spec)
        self.codes[spec.code] = spec.code
        message = f"{q.type} -> {spec.type}" + ("; " + "; ".join(notes) if notes else "")
        (self.report.changed if notes else self.report.imported)(spec.where, spec.code, message)

    def _whole(self, q: LsQuestion, section: SectionSpec) -> None:
        kind = (
            "single_choice"
            if q.type in SINGLE
            else "multiple_choice"
            if q.type in MULTI
            else SIMPLE[q.type]
        )
        spec, notes = self._spec(q, kind), []
        self.codes[q.title] = spec.code
        if kind in ("single_choice", "ranking"):
            self._options(q, spec)
            self.columns[q.qid] = (spec.code, "value")
            if kind == "ranking":  # the .lsr holds one column per rank: <qid>1, <qid>2, ...
                for n in range(1, len(spec.options) + 1):
                    self.columns[f"{q.qid}{n}"] = (spec.code, f"rank:{n}")
        elif kind == "multiple_choice":
            for sub in sorted(self.subs.get(q.qid, []), key=lambda s: s.order):
                spec.options.append(
                    {"value": sub.title, "label": self._words(sub.text) or sub.title}
                )
                for lang_code, lang in self.extra.items():
                    spec.translations[lang_code].setdefault("options", {})[sub.title] = (
                        sub.text.get(lang, "")
                    )
                self.columns[q.qid + sub.title] = (spec.code, f"check:{sub.title}")
            spec.settings["allow_other"] = q.other == "Y"
            if q.other == "Y":
                self.columns[q.qid + "other"] = (spec.code, "other")
        else:
            self.columns[q.qid] = (spec.code, "value")
        if q.type in ("O", "P"):
            notes.append("the comment boxes are not kept")
        if q.type in ("L", "!") and q.other == "Y":
            spec.options.append({"value": "other", "label": "Other"})
        self._add(q, spec, section, notes)
        if q.type in ("L", "!") and q.other == "Y":
            self._other_text(q, spec, section)

    def _other_text(self, q: LsQuestion, choice: QuestionSpec, section: SectionSpec) -> None:
        """LimeSurvey's "Other:" text box becomes a text question shown after choosing Other."""
        follow = self._spec(q, "short_text", code=f"{choice.code}_other")
        follow.text, follow.help, follow.required = "Other (please specify)", "", False
        follow.translations = {code: {} for code in self.extra}
        follow.condition = {"q": choice.code, "op": "equals", "value": "other"}
        section.questions.append(follow)
        self.codes[follow.code] = follow.code
        self.columns[q.qid + "other"] = (follow.code, "value")
        self.report.changed(
            follow.where, follow.code, "the 'Other' text box became a text question after it"
        )

    def _array(self, q: LsQuestion, section: SectionSpec) -> None:
        probe = self._spec(q, "single_choice", code=q.title)
        self._options(q, probe)
        rows = sorted(
            [s for s in self.subs.get(q.qid, []) if s.scale == "0"], key=lambda s: s.order
        )
        notes = ["only the first of two scales is kept"] if q.type == "1" else []
        if q.type == "H":
            notes.append("shown by rows instead of by columns")
        if len(probe.options) in (5, 7) and q.type != "B":
            probe.type = "matrix"
            probe.settings = {
                "points": len(probe.options),
                "rows": [{"value": r.title, "label": self._words(r.text) or r.title} for r in rows],
            }
            for lang_code, lang in self.extra.items():
                probe.translations[lang_code]["rows"] = {
                    r.title: r.text.get(lang, "") for r in rows
                }
            self.codes[q.title] = probe.code
            for r in rows:
                self.columns[q.qid + r.title] = (probe.code, f"row:{r.title}")
            self._add(q, probe, section, notes)
            return
        self._per_row(
            q,
            section,
            "single_choice",
            notes + [f"{len(probe.options)} columns: one question per row"],
        )

    def _per_row(
        self, q: LsQuestion, section: SectionSpec, kind: str, notes: list[str] | None = None
    ) -> None:
        notes = notes or ["one question per row"]
        for row in sorted(
            [s for s in self.subs.get(q.qid, []) if s.scale == "0"], key=lambda s: s.order
        ):
            spec = self._spec(q, kind, code=f"{q.title}_{row.title}")
            spec.text = f"{self._words(q.text)}: {self._words(row.text)}"
            if kind == "single_choice":
                self._options(q, spec)
            self.codes[f"{q.title}_{row.title}"] = spec.code
            self.columns[q.qid + row.title] = (spec.code, "value")
            self._add(q, spec, section, list(notes))

    # -- skip rules ---------------------------------------------------------------------

    def _question_rule(self, q: LsQuestion, notes: list[str]) -> Any:
        text = q.relevance
        if text in ("", "1") and any(c.get("qid") == q.qid for c in self.doc.conditions):
            text = self._conditions_text(q.qid)
        try:
            return expr.fold_in(expr.translate(text, self._resolve))
        except expr.Unsupported as exc:
            notes.append(f"relevance '{text}' not kept ({exc}): always shown")
            return None

    def _relevance(self, text: str, where: str, what: str) -> Any:
        try:
            return expr.fold_in(expr.translate(text, self._resolve))
        except expr.Unsupported as exc:
            self.report.changed(
                where, where, f"relevance '{text}' not kept ({exc}): {what} is always shown"
            )
            return None

    def _conditions_text(self, qid: str) -> str:
        scenarios: dict[str, list[str]] = {}
        for c in [c for c in self.doc.conditions if c.get("qid") == qid]:
            name = c.get("cfieldname", "").lstrip("+")
            scenarios.setdefault(c.get("scenario", "1"), []).append(
                f'{name} {c.get("method", "==")} "{c.get("value", "")}"'
            )
        return " or ".join(f"({' and '.join(parts)})" for parts in scenarios.values())

    def _resolve(self, name: str) -> tuple[str, str | None]:
        name = re.sub(r"\.(NAOK|value|code)$", "", name)
        match = SGQA.match(name)
        if match:
            parent = self.by_qid.get(match.group(3))
            name = (
                f"{parent.title}_{match.group(4)}"
                if parent and match.group(4)
                else (parent.title if parent else name)
            )
        if name in self.codes:
            return self.codes[name], None
        title, _sep, sub = name.rpartition("_")
        parent_q = next(
            (q for q in self.doc.questions if q.title == title and q.parent == "0"), None
        )
        if parent_q is not None and parent_q.type in MULTI and title in self.codes:
            return self.codes[title], sub
        raise expr.Unsupported(f"{name} is not an earlier imported question")
