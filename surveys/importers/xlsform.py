"""XLSForm (ODK, KoboToolbox) -> an Engage survey, with a mapping report.

Mapping (XLSForm type -> Engage type): select_one -> single_choice, select_multiple ->
multiple_choice (``or_other`` -> "Other, specify"), rank -> ranking, text -> short_text
(long_text with ``multiline``), integer/decimal -> number (bounds from the constraint),
date -> date, acknowledge -> consent, range -> rating (0 to 10 by 1) or number (bounds
from its parameters), note -> text at the top of its section, begin/end group -> a section
(``relevant`` becomes the section's skip rule). Repeats, media, location, files,
calculations and device metadata are skipped and reported with their row number;
``choice_filter`` is reported and all choices are shown. Columns Engage does not use are
reported on their row. ``bind::engage:type`` and ``bind::engage:settings`` (written by
``surveys.xlsform_export``) restore Engage types and settings XLSForm has no word for.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from surveys import qtypes
from surveys.importers import expr
from surveys.importers.languages import engage_code
from surveys.importers.report import MappingReport
from surveys.importers.spec import CODE, QuestionSpec, SectionSpec, SurveySpec, build, safe_value
from surveys.importers.xlsform_engage import engage_settings
from surveys.importers.xlsform_logic import (
    bounds,
    group_notes,
    map_values,
    range_settings,
    unkept_columns,
    unused_sheet_columns,
)
from surveys.importers.xlsform_read import Form, Row, read_form
from surveys.models import Survey

SIMPLE = {
    "text": "short_text",
    "integer": "number",
    "int": "number",
    "decimal": "number",
    "date": "date",
    "acknowledge": "consent",
    "range": "number",
}
CHOICE = {"select_one": "single_choice", "select_multiple": "multiple_choice", "rank": "ranking"}
METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "calculate",
    "hidden",
    "start-geopoint",
    "uri:deviceid",
    "uri:email",
    "uri:username",
    "uri:phonenumber",
    "uri:subscriberid",
    "uri:simserial",
    "simserialnumber",
    "background-audio",
    "xml-external",
    "csv-external",
}
TRUE = {"yes", "true", "true()", "1"}


def import_xlsform(data: bytes, filename: str, actor: Any) -> tuple[Survey, MappingReport]:
    """Create a draft survey from an XLSForm file (flushes; the caller commits).

    Raises:
        BadImport: the file is unreadable or holds no importable question.
    """
    report = MappingReport(filename)
    spec = convert(read_form(data, filename), report, PurePath(filename).stem)
    return build(spec, actor, report), report


def convert(form: Form, report: MappingReport, fallback_title: str) -> SurveySpec:
    return _Converter(form, report, fallback_title).run()


class _Languages:
    """Which label column is the main (English) text and which hold es/hmn translations."""

    def __init__(self, form: Form, report: MappingReport) -> None:
        suffixes: dict[str, None] = {}
        for _n, row in [*form.survey, *form.choices]:
            for key in row:
                if key.startswith(("label", "hint")):
                    suffixes.setdefault(key.partition("::")[2], None)
        default = form.settings.get("default_language", "")
        codes = {s: engage_code(s or default) if s or default else None for s in suffixes}
        english = [s for s, c in codes.items() if c == "en"]
        self.main = (
            english[0]
            if english
            else (default if default in suffixes else next(iter(suffixes), ""))
        )
        if not english and (self.main or default):
            name = self.main or default
            report.changed("settings", "languages", f"no English labels: {name} is the main text")
        elif not english:  # pyxform's "default" language: most often English, never stated
            report.imported("settings", "languages", "labels without a stated language are used")
        self.extra = {c: s for s, c in codes.items() if c in ("es", "hmn") and s != self.main}
        for suffix, code in codes.items():
            if suffix and suffix != self.main and code not in ("es", "hmn"):
                report.skipped(
                    "columns",
                    f"language {suffix or 'default'}",
                    "Engage surveys offer English, Spanish and Hmong only",
                )
        self.languages = ["en", *sorted(self.extra)]

    def text(self, row: Row, column: str, suffix: str) -> str:
        key = f"{column}::{suffix}" if suffix else column
        return row.get(key) or ""

    def main_text(self, row: Row, column: str) -> str:
        return self.text(row, column, self.main) or row.get(column, "")

    def translations(self, row: Row, columns: tuple[str, ...]) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for code, suffix in self.extra.items():
            for column in columns:
                text = self.text(row, column, suffix)
                if text:
                    key = {"label": "text", "hint": "help"}.get(column, column)
                    out.setdefault(code, {})[key] = text
        return out


class _Converter:
    def __init__(self, form: Form, report: MappingReport, fallback_title: str) -> None:
        self.form, self.report = form, report
        self.langs = _Languages(form, report)
        self.spec = SurveySpec(
            title=form.settings.get("form_title") or fallback_title, languages=self.langs.languages
        )
        self.lists: dict[str, list[tuple[int, Row]]] = {}
        for number, row in form.choices:
            self.lists.setdefault(row.get("list_name", ""), []).append((number, row))
        self.codes: dict[str, str] = {}  # XLSForm name -> Engage code
        self.option_maps: dict[str, dict[str, str]] = {}  # code -> source choice -> value
        self.stack: list[tuple[str, Any, dict[str, Any]]] = []  # (title, condition, tr)
        self.repeat: tuple[int, str] | None = None
        self.repeat_depth = 0
        self.section: SectionSpec | None = None

    def run(self) -> SurveySpec:
        for number, row in self.form.survey:
            self._row(number, row)
        for where, name, message in unused_sheet_columns(self.form.choices, self.form.settings):
            self.report.skipped(where, name, message)
        return self.spec

    def _row(self, number: int, row: Row) -> None:
        where, name = f"row {number}", row.get("name", "")
        parts = row.get("type", "").split()
        if parts and parts[0].lower() in ("begin_group", "end_group", "begin_repeat", "end_repeat"):
            parts = [*parts[0].split("_", 1), *parts[1:]]  # not list names: 'Do_you_descend'
        if not parts:
            if name or row.get("label"):
                self.report.skipped(where, name, "the row has no type")
            return
        head = parts[0].lower()
        if head in ("begin", "end") and len(parts) > 1:
            self._structure(number, row, head, parts[1].lower())
        elif self.repeat_depth:
            start, group = self.repeat or (0, "")
            self.report.skipped(
                where, name, f"inside repeat '{group}' (row {start}): repeats are not supported"
            )
        elif head in METADATA:
            self.report.skipped(
                where, name, f"{head} is computed or collected by the device, not asked"
            )
        elif head == "note":
            self._note(where, row)
        elif head in SIMPLE or head in CHOICE:
            self._question(where, row, head, parts)
        else:
            self.report.skipped(where, name, f"type '{parts[0]}' has no Engage equivalent")

    # -- groups and repeats -------------------------------------------------------------

    def _structure(self, number: int, row: Row, edge: str, what: str) -> None:
        where, name = f"row {number}", row.get("name", "")
        if what == "repeat" or self.repeat_depth:
            self.repeat_depth += 1 if edge == "begin" else -1
            if edge == "begin" and self.repeat_depth > 1:
                start, group = self.repeat or (0, "")
                self.report.skipped(where, name, f"inside repeat '{group}' (row {start})")
            elif edge == "begin" and what == "repeat":
                self.repeat = (number, name)
                self.report.skipped(
                    where, name, "repeats are not supported; the questions inside are skipped"
                )
            return
        if edge == "end":
            if self.stack:
                self.stack.pop()
            self.section = None
            return
        condition = self._condition(where, name, row.get("relevant", ""), "the section")
        parent = self.stack[-1][1] if self.stack else None
        if parent and condition:
            condition = {"all": [parent, condition]}
        self.stack.append(
            (
                self.langs.main_text(row, "label"),
                condition or parent,
                self.langs.translations(row, ("label",)),
            )
        )
        self.section = None
        kept, lost = group_notes(row)
        message = "; ".join(["group -> section", *kept, *lost])
        if lost:
            self.report.changed(where, name, message)
        else:
            self.report.imported(where, name, message)

    def _current(self, *, fresh: bool = False) -> SectionSpec:
        if self.section is None or fresh:
            title, condition, tr = self.stack[-1] if self.stack else ("", None, {})
            self.section = SectionSpec(
                title=title,
                condition=condition,
                translations={k: {"title": v["text"]} for k, v in tr.items() if "text" in v},
            )
            self.spec.sections.append(self.section)
        return self.section

    # -- notes and questions ------------------------------------------------------------

    def _note(self, where: str, row: Row) -> None:
        # A note after questions starts a new page, so it is still read where it was placed.
        section = self._current(fresh=bool(self.section and self.section.questions))
        text = self.langs.main_text(row, "label")
        if not text:
            self.report.skipped(where, row.get("name", ""), "a note without text (media only)")
            return
        section.intro = f"{section.intro}\n\n{text}".strip()
        for code, tr in self.langs.translations(row, ("label",)).items():
            entry = section.translations.setdefault(code, {})
            entry["intro"] = f"{entry.get('intro', '')}\n\n{tr['text']}".strip()
        notes = ["note shown at the top of its section"]
        if row.get("relevant"):
            notes.append("its display rule is not kept")
        notes += unkept_columns(row, "note")
        self.report.changed(where, row.get("name", ""), "; ".join(notes))

    def _question(self, where: str, row: Row, head: str, parts: list[str]) -> None:
        name = row.get("name", "")
        q = QuestionSpec(
            code=self._code(where, name),
            type=SIMPLE.get(head) or CHOICE[head],
            text=self.langs.main_text(row, "label"),
            where=where,
            help=self.langs.main_text(row, "hint"),
            translations=self.langs.translations(row, ("label", "hint")),
        )
        notes: list[str] = []
        if head in CHOICE and not self._choices(where, q, parts, notes):
            return
        if head == "text" and "multiline" in row.get("appearance", ""):
            q.type = "long_text"
        if head in ("integer", "int"):
            q.settings["integer"] = True
        if head == "range":
            notes += range_settings(q, row.get("parameters", ""))
        notes += engage_settings(q, row, qtypes.REGISTRY)
        q.required = self._required(row.get("required", ""), notes)
        q.condition = self._condition(where, name, row.get("relevant", ""), "the question")
        if row.get("constraint"):
            self._constraint(q, row["constraint"], head, notes)
        notes += unkept_columns(row, q.type)
        if row.get("choice_filter"):
            notes.append(
                f"choice_filter '{row['choice_filter']}' is not supported: all choices are shown"
            )
        if not q.text:
            q.text = name
            notes.append("no label: the name is used as the question text")
        if "${" in q.text:
            notes.append("the label refers to other answers (${...}), shown literally")
        self._add(q, name, where, notes)
        if head == "select_one" and "or_other" in parts:
            self._other_follow_up(q, where)

    def _code(self, where: str, name: str) -> str:
        used = set(self.codes.values())
        if CODE.match(name) and name not in used:
            return name
        code = safe_value(name or "q", used)
        self.report.changed(where, name, f"name '{name}' stored as code '{code}'")
        return code

    def _add(self, q: QuestionSpec, name: str, where: str, notes: list[str]) -> None:
        self._current().questions.append(q)
        self.codes[name] = q.code
        if notes:
            self.report.changed(where, name, f"{q.type}: " + "; ".join(notes))
        else:
            self.report.imported(where, name, q.type)

    def _choices(self, where: str, q: QuestionSpec, parts: list[str], notes: list[str]) -> bool:
        listed = self.lists.get(parts[1]) if len(parts) > 1 else None
        if not listed:
            self.report.skipped(where, q.code, f"choice list '{' '.join(parts[1:2])}' not found")
            return False
        used: set[str] = set()
        mapping: dict[str, str] = {}
        for number, row in listed:
            source = row.get("name", "")
            if source in mapping:
                self.report.skipped(
                    f"choices row {number}",
                    source,
                    f"a second choice '{source}' in list {parts[1]}",
                )
                continue
            value = mapping[source] = safe_value(source, used)
            label = self.langs.main_text(row, "label") or source
            q.options.append({"value": value, "label": label})
            for code, tr in self.langs.translations(row, ("label",)).items():
                q.translations.setdefault(code, {}).setdefault("options", {})[value] = tr["text"]
        if any(k != v for k, v in mapping.items()):
            notes.append(
                "choice names changed to codes Engage accepts: "
                + ", ".join(f"{k} -> {v}" for k, v in mapping.items() if k != v)
            )
        self.option_maps[q.code] = mapping
        if "or_other" in parts and q.type == "multiple_choice":
            q.settings["allow_other"] = True
        return True

    def _other_follow_up(self, q: QuestionSpec, where: str) -> None:
        q.options.append({"value": "other", "label": "Other"})
        self.option_maps[q.code]["other"] = "other"
        follow = QuestionSpec(
            code=safe_value(f"{q.code}_other", set(self.codes.values())),
            type="short_text",
            text="Please specify",
            where=where,
            condition={"q": q.code, "op": "equals", "value": "other"},
        )
        self._current().questions.append(follow)
        self.codes[follow.code] = follow.code
        self.report.changed(where, follow.code, "or_other: an 'Other' choice and a text question")

    def _required(self, text: str, notes: list[str]) -> bool:
        if text.lower() in TRUE:
            return True
        if text and text.lower() not in ("no", "false", "false()", "0"):
            notes.append(f"required only when '{text}' is not supported: not required")
        return False

    def _condition(self, where: str, name: str, text: str, what: str) -> Any:
        try:
            condition = expr.translate(text, self._resolve)
            return expr.fold_in(map_values(condition, self.option_maps))
        except expr.Unsupported as exc:
            self.report.changed(
                where, name, f"relevant '{text}' not kept ({exc}): {what} is always shown"
            )
            return None

    def _resolve(self, name: str) -> tuple[str, str | None]:
        if name not in self.codes:
            raise expr.Unsupported(f"{name} is not an earlier imported question")
        return self.codes[name], None

    def _constraint(self, q: QuestionSpec, text: str, head: str, notes: list[str]) -> None:
        if q.type != "number":
            notes.append(f"constraint '{text}' not kept (only number bounds are supported)")
            return
        try:
            found, exact = bounds(text, integer=head in ("integer", "int"))
        except expr.Unsupported as exc:
            notes.append(f"constraint '{text}' not kept ({exc})")
            return
        q.settings.update(found)
        if not exact:
            notes.append(f"constraint '{text}': strict bounds became inclusive")
