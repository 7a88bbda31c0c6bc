"""A self-contained, readable HTML report of an ``engage.themes/1`` document.

One file, inline CSS, no scripts and nothing fetched, so it can be mailed or archived.
"""

from __future__ import annotations

from html import escape

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
  color:#1a1a1a}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}
.meta{color:#555;font-size:.9rem}.kw{color:#444;font-size:.9rem}
blockquote{margin:.4rem 0;padding:.2rem .8rem;border-left:4px solid #5b6b8c;background:#f5f6f8}
.bar{display:flex;height:.8rem;width:20rem;max-width:100%;border:1px solid #999}
.support{background:#2e7d32}.concern{background:#c62828}.neutral{background:#bdbdbd}
table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}
"""


def render(document: dict, title: str) -> str:
    """Return the HTML page for ``document``."""
    themes = {t["id"]: t for t in document["themes"]}
    manifest = document["manifest"]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style></head><body><main><h1>{escape(title)}</h1>",
        f"<p class='meta'>{manifest['rows']} answers, {len(themes)} themes, "
        f"{document['unassigned_rows']} answers in no theme. Engine {escape(manifest['engine'])}, "
        f"model {escape(manifest['embedding_model'])}, seed {manifest['seed']}.</p>",
        _ranking("Where people agree", manifest.get("agree", []), themes, "consensus"),
        _ranking("What people worry about", manifest.get("worry", []), themes, "concern"),
    ]
    parts += [_theme(t) for t in document["themes"]]
    parts.append("</main></body></html>\n")
    return "".join(parts)


def _ranking(heading: str, ids: list[int], themes: dict[int, dict], key: str) -> str:
    items = "".join(
        f"<li>{escape(themes[i]['label'])} ({key} {themes[i][key]:.2f})</li>" for i in ids
    )
    return f"<h2>{heading}</h2><ol>{items}</ol>" if items else ""


def _theme(theme: dict) -> str:
    stance = theme["stance"]
    total = max(sum(stance.values()), 1)
    bar = "".join(
        f"<span class='{s}' style='width:{100 * stance[s] / total:.1f}%' "
        f"title='{s} {stance[s]}'></span>"
        for s in ("support", "neutral", "concern")
    )
    quotes = "".join(f"<blockquote>{escape(q['text'])}</blockquote>" for q in theme["quotes"])
    return (
        f"<section><h2>{escape(theme['label'])}</h2>"
        f"<p class='meta'>{theme['rows']} answers; support {stance['support']}, "
        f"concern {stance['concern']}, neutral {stance['neutral']}</p>"
        f"<div class='bar' role='img' aria-label='stance mix'>{bar}</div>"
        f"<p class='kw'>Keywords: {escape(', '.join(theme['keywords']))}</p>"
        f"<p>{escape(theme['summary'])}</p>{quotes}{_groups(theme['groups'])}</section>"
    )


def _groups(groups: dict[str, dict[str, dict]]) -> str:
    tables = []
    for column, values in groups.items():
        rows = "".join(_group_row(value, cell) for value, cell in values.items())
        tables.append(
            f"<table><caption>{escape(column)}</caption><tr><th>group</th><th>answers</th>"
            f"<th>share</th><th>support</th><th>concern</th></tr>{rows}</table>"
        )
    return "".join(tables)


def _group_row(value: str, cell: dict) -> str:
    name = escape(value or "(blank)")
    if cell.get("suppressed"):
        return f"<tr><td>{name}</td><td colspan='4'>hidden: too few answers</td></tr>"
    return (
        f"<tr><td>{name}</td><td>{cell['rows']}</td><td>{cell['share']:.0%}</td>"
        f"<td>{cell['support']:.0%}</td><td>{cell['concern']:.0%}</td></tr>"
    )
