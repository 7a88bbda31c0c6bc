"""Survey wording per language, falling back to English for anything not translated.

English lives in the model columns; other languages in each object's ``translations`` JSON.
"""

from __future__ import annotations

from typing import Any

from surveys.qtypes import Localised


def _tr(obj: Any, lang: str) -> dict[str, Any]:
    return (obj.translations or {}).get(lang) or {} if lang != "en" else {}


def text_of(obj: Any, key: str, lang: str) -> str:
    """``obj.<key>`` in ``lang`` (a Survey or Section field such as title, intro, thanks)."""
    return _tr(obj, lang).get(key) or getattr(obj, key) or ""


def _items(items: list[dict[str, str]], labels: dict[str, str]) -> list[dict[str, str]]:
    return [{"value": i["value"], "label": labels.get(i["value"]) or i["label"]} for i in items]


def localise(question: Any, lang: str) -> Localised:
    tr = _tr(question, lang)
    return Localised(
        text=tr.get("text") or question.text,
        help=tr.get("help") or question.help or "",
        options=_items(question.options or [], tr.get("options") or {}),
        rows=_items((question.settings or {}).get("rows") or [], tr.get("rows") or {}),
    )


def missing_translations(question: Any, lang: str) -> list[str]:
    """What of a question is not yet translated into ``lang`` (for the pre-open check)."""
    tr = (question.translations or {}).get(lang) or {}
    missing = [] if tr.get("text") else ["text"]
    if question.help and not tr.get("help"):
        missing.append("help text")
    options = tr.get("options") or {}
    missing += [
        f"choice '{o['label']}'" for o in question.options or [] if not options.get(o["value"])
    ]
    rows = tr.get("rows") or {}
    missing += [
        f"row '{r['label']}'"
        for r in (question.settings or {}).get("rows") or []
        if not rows.get(r["value"])
    ]
    return missing
