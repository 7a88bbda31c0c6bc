"""Write a :class:`ThemeResult` as ``engage.themes/1`` JSON (see DESIGN.md, "Contracts")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from analysis.nlp.types import Theme, ThemeResult

SCHEMA_ID = "engage.themes/1"


def to_document(result: ThemeResult, data_rows: Sequence[int]) -> dict:
    """The JSON document for ``result``.

    Args:
        result: The engine's output; its row numbers are positions in the unit list.
        data_rows: The input file's 0-based data-row index of each unit.
    """
    manifest = dict(result.manifest)
    manifest["agree"] = result.agree
    manifest["worry"] = result.worry
    return {
        "schema": SCHEMA_ID,
        "manifest": manifest,
        "themes": [_theme(t, data_rows) for t in result.themes],
        "rows": [
            {"row": data_rows[r.row], "id": r.id, "themes": r.themes, "stance": r.stance}
            for r in result.rows
        ],
        "unassigned_rows": result.unassigned_rows,
    }


def _theme(theme: Theme, data_rows: Sequence[int]) -> dict:
    return {
        "id": theme.id,
        "label": theme.label,
        "keywords": theme.keywords,
        "summary": theme.summary,
        "units": theme.units,
        "rows": theme.rows,
        "stance": theme.stance,
        "consensus": round(theme.consensus, 6),
        "concern": round(theme.concern, 6),
        "divisiveness": round(theme.divisiveness, 6),
        "quotes": [{"row": data_rows[q.row], "text": q.text} for q in theme.quotes],
        "groups": theme.groups,
        "language": theme.language,
    }


def write_json(document: dict, path: Path) -> None:
    """Write ``document`` as UTF-8 JSON (non-ASCII kept readable)."""
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
