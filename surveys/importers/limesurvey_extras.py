"""LimeSurvey features Engage does not have, reported instead of dropped; numeric bounds kept.

Question attributes set to anything but their defaults, default answers, ``{placeholders}``
in wording (piping, token fields) and quotas each get a line in the mapping report.
"""

from __future__ import annotations

import re

from surveys.importers.limesurvey_read import LsDocument, LsQuestion
from surveys.importers.report import MappingReport
from surveys.importers.spec import QuestionSpec

PLACEHOLDER = re.compile(r"\{[A-Za-z][^{}\n]{0,60}\}")
#: attribute -> Engage number setting, per LimeSurvey type (K's plain min/max bound the sum)
BOUNDS = {"min_num_value_n": "min", "max_num_value_n": "max"}
#: values LimeSurvey writes for "not set"
UNSET = {"0", "N", "default", "inherit", ""}
#: attributes that only steer LimeSurvey's own page layout or statistics screens
LAYOUT = {"cssclass", "display_columns", "answer_width", "text_input_width", "input_size",
          "public_statistics", "statistics_showgraph", "statistics_graphtype", "scale_export",
          "page_break", "hide_tip", "printable_help", "question_template", "label_input_columns",
          "choice_input_columns", "image", "time_limit_action", "save_as_default",
          "clear_default", "answer_order"}  # fmt: skip


def question_notes(doc: LsDocument, q: LsQuestion, spec: QuestionSpec) -> list[str]:
    """Report notes for one question; copies numeric bounds into ``spec.settings``."""
    notes: list[str] = []
    attributes = doc.attributes.get(q.qid, {})
    if attributes.get("hidden") == "1":
        notes.append("hidden in LimeSurvey (always hidden there), shown to respondents here")
    kept = {"hidden"}
    for name, setting in BOUNDS.items():
        value = _number(attributes.get(name, "").strip())
        if spec.type == "number" and value is not None:
            spec.settings[setting] = value
            kept.add(name)
    ignored = sorted(
        f"{k}={v.strip()[:40]}"
        for k, v in attributes.items()
        if k not in kept and v.strip() not in UNSET and k not in LAYOUT
    )
    if ignored:
        notes.append("attributes not kept: " + ", ".join(ignored))
    if q.qid in doc.defaults:
        notes.append("its default answer is not kept: Engage questions start empty")
    wording = " ".join([*q.text.values(), *q.help.values()])
    found = sorted(set(PLACEHOLDER.findall(wording)))
    if found:
        notes.append(f"placeholders {', '.join(found[:5])} are shown literally (no piping)")
    return notes


def report_quotas(doc: LsDocument, report: MappingReport) -> None:
    for quota in doc.quotas:
        report.skipped(
            f"quota {quota.get('id', '?')}",
            quota.get("name", ""),
            f"limit {quota.get('qlimit', '?')}: Engage has no quotas, responses are not capped",
        )


def _number(text: str) -> int | float | None:
    try:
        value = float(text)
    except ValueError:
        return None  # an expression: reported with the other attributes
    return int(value) if value.is_integer() else value
