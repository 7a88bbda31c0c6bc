"""``bind::engage:type`` and ``bind::engage:settings``: what an Engage export adds to XLSForm.

``surveys.xlsform_export`` writes them for types and settings XLSForm has no word for (Likert
points, matrix rows and their translations, ``maps_to``, random order). A file may come from
anywhere, so every value is checked before it is used; what does not fit is reported.
"""

from __future__ import annotations

import json
from typing import Any

from surveys.importers.languages import ENGAGE
from surveys.importers.spec import CODE

ENGAGE_TYPE, ENGAGE_SETTINGS = "bind::engage:type", "bind::engage:settings"
CHECKS = {
    "points": lambda v: v in (5, 7) and not isinstance(v, bool),
    "maps_to": lambda v: v in ("org_unit", "role"),
    "random_order": lambda v: isinstance(v, bool),
    "allow_other": lambda v: isinstance(v, bool),
    "rows": lambda v: _labelled(v),
}


def _labelled(rows: Any) -> bool:
    """A list of ``{"value": code, "label": text}`` with distinct codes."""
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return False
    values = [r.get("value") for r in rows]
    return len(set(map(str, values))) == len(values) and all(
        isinstance(r.get("value"), str) and CODE.match(r["value"]) and isinstance(
            r.get("label"), str) for r in rows
    )  # fmt: skip


def engage_settings(question: Any, row: dict[str, str], registry: dict[str, Any]) -> list[str]:
    """Apply the row's Engage type and settings to ``question``; notes for what is not kept."""
    notes = []
    kind = row.get(ENGAGE_TYPE, "")
    if kind in registry:
        question.type = kind
    elif kind:
        notes.append(f"engage:type '{kind[:40]}' is not an Engage type: kept as {question.type}")
    try:
        settings = json.loads(row.get(ENGAGE_SETTINGS) or "{}")
    except json.JSONDecodeError:
        settings = None
    if not isinstance(settings, dict):
        return [*notes, "engage:settings is not a JSON object: not kept"]
    bad = _wording(question, settings, notes)
    bad += sorted(k for k, v in settings.items() if k not in CHECKS or not CHECKS[k](v))
    if bad:
        notes.append(f"engage:settings {', '.join(b[:30] for b in bad)} not kept (unknown or bad)")
    question.settings.update({k: v for k, v in settings.items() if k not in bad})
    return notes


def _wording(question: Any, settings: dict[str, Any], notes: list[str]) -> list[str]:
    """Take ``standard_labels`` and ``row_translations`` out of ``settings``; bad keys back."""
    labels = settings.pop("standard_labels", False)
    if labels is True:  # the choices spell Engage's own labels
        question.options = []
        for entry in question.translations.values():
            entry.pop("options", None)
    translated = settings.pop("row_translations", {})
    for lang, rows in translated.items() if isinstance(translated, dict) else []:
        if lang in ENGAGE[1:] and isinstance(rows, dict):
            tr = {str(k): str(v) for k, v in rows.items()}
            question.translations.setdefault(lang, {})["rows"] = tr
        else:
            notes.append(f"engage:settings row_translations for '{str(lang)[:20]}' not kept")
    bad = [] if labels in (True, False) else ["standard_labels"]
    return bad + ([] if isinstance(translated, dict) else ["row_translations"])
