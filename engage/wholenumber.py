"""Whole numbers typed by people: form fields, query strings, uploaded files' headers."""

from __future__ import annotations


def whole_number(text: str | None, max_digits: int = 9) -> int | None:
    """``text`` as an int if it is 1 to ``max_digits`` ASCII digits, else ``None``.

    ``str.isdigit`` also accepts digits that ``int`` refuses ("²"), and ``int`` refuses more
    than 4,300 digits: after an ``isdigit`` check either raised ValueError, a 500 where a form
    should say the answer is not valid. Nine digits also stay inside a database integer.
    """
    if text and len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None
