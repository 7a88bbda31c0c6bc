"""Small text helpers shared by the stages."""

from __future__ import annotations

import re

#: A unit needs at least one letter or digit to carry a claim (emoji-only answers do not).
_CONTENT = re.compile(r"[^\W_]", re.UNICODE)


def word_set(text: str) -> frozenset[str]:
    """A word list written as one space-separated string (easier to read and extend)."""
    return frozenset(text.split())


def has_content(text: str) -> bool:
    """Whether ``text`` contains any letter or digit."""
    return bool(_CONTENT.search(text))
