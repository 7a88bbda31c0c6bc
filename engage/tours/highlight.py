"""Safe highlighting: text is cut into (piece, is_match) pairs; templates escape each piece
and wrap matches in <mark>, so no user text is ever marked safe."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12


def fold(word: str) -> str:
    """Case- and accent-insensitive form, like FTS5's ``unicode61 remove_diacritics 2``."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def terms(query: str) -> list[str]:
    """The words of a search, as typed (operators and punctuation dropped)."""
    return [w.lower() for w in WORD.findall(query)][:MAX_TERMS]


def highlight(text: str, words: list[str], width: int = 280) -> list[tuple[str, bool]]:
    """A window of ``text`` around the first match, as (piece, is_match) pairs.

    A word matches when it starts with a search term (prefix search, as the database does).
    """
    folded = [fold(w) for w in words]
    matches = [
        (m.start(), m.end())
        for m in WORD.finditer(text)
        if folded and any(fold(m.group()).startswith(term) for term in folded)
    ]
    first = matches[0][0] if matches else 0
    lo = max(0, first - width // 3)
    hi = min(len(text), lo + width)
    pieces: list[tuple[str, bool]] = [("…", False)] if lo > 0 else []
    cursor = lo
    for start, end in matches:
        if start < lo or end > hi:
            continue
        pieces += [(text[cursor:start], False), (text[start:end], True)]
        cursor = end
    pieces.append((text[cursor:hi], False))
    if hi < len(text):
        pieces.append(("…", False))
    return [(piece, hit) for piece, hit in pieces if piece]
