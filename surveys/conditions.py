"""Skip logic: conditions on earlier answers, written as short text by survey builders.

Text form (what the builder types)::

    q1 = yes and (q2 in (a, b) or q3 >= 4)
    q5 not answered

JSON form (what is stored): ``{"q": "q1", "op": "equals", "value": "yes"}`` leaves combined
with ``{"all": [...]}`` and ``{"any": [...]}``. Evaluation works on *atoms*: every answer is
reduced to a list of strings (the chosen codes, or the number or text), so the server and
``engage/static/js/survey.js`` apply exactly the same rules to the same data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from engage.errors import DomainError

Condition = dict[str, Any]
Atoms = Mapping[str, list[str]]
_TOKEN = re.compile(r'\s*(>=|<=|!=|=|>|<|\(|\)|,|"[^"]*"|[^\s()=!<>,"]+)')
_COMPARE = {"=": "equals", "!=": "not_equals", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte"}
_SYMBOL = {v: k for k, v in _COMPARE.items()}


def atoms(value: Any) -> list[str]:
    """The strings a condition compares against for one stored answer value."""
    if value is None or value == "" or value == []:
        return []
    if value is True:
        return ["yes"]
    if isinstance(value, dict):
        if "selected" in value:
            return list(value["selected"])
        return [str(v) for v in value.values() if not isinstance(v, list)]
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [str(value)]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _same(left: str, right: str) -> bool:
    a, b = _number(left), _number(right)
    return a == b if a is not None and b is not None else left == right


def evaluate(condition: Condition | None, answers: Atoms) -> bool:
    """Whether ``condition`` holds for ``answers`` (code -> atoms); None always holds."""
    if condition is None:
        return True
    if "all" in condition:
        return all(evaluate(c, answers) for c in condition["all"])
    if "any" in condition:
        return any(evaluate(c, answers) for c in condition["any"])
    given, op, value = answers.get(condition["q"], []), condition["op"], condition.get("value")
    if op == "answered":
        return bool(given)
    if op == "not_answered":
        return not given
    if op == "equals":
        return any(_same(g, str(value)) for g in given)
    if op == "not_equals":
        return not any(_same(g, str(value)) for g in given)
    if op == "in":
        return any(_same(g, str(v)) for g in given for v in value)
    numbers = [n for n in (_number(g) for g in given) if n is not None]
    if not numbers:
        return False
    n, limit = numbers[0], float(value)
    return {"gt": n > limit, "gte": n >= limit, "lt": n < limit, "lte": n <= limit}[op]


def referenced(condition: Condition | None) -> set[str]:
    """Every question code a condition reads."""
    if condition is None:
        return set()
    parts = condition.get("all") or condition.get("any")
    if parts is not None:
        return set().union(*(referenced(c) for c in parts))
    return {condition["q"]}


def parse(text: str) -> Condition | None:
    """Text -> JSON condition; empty text means no condition.

    Raises:
        DomainError: naming what could not be understood.
    """
    if not text.strip():
        return None
    tokens = _tokens(text)
    parser = _Parser(tokens)
    condition = parser.expression()
    if parser.peek() is not None:
        raise DomainError(f"Unexpected '{parser.peek()}' in the condition.")
    return condition


def _tokens(text: str) -> list[str]:
    tokens, pos = [], 0
    while pos < len(text.rstrip()):
        match = _TOKEN.match(text, pos)
        if not match:
            raise DomainError(f"Cannot read the condition near '{text[pos : pos + 10]}'.")
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


class _Parser:
    """Recursive descent: ``or`` binds looser than ``and``; parentheses group."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.pos = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token.lower() != expected):
            wanted = f"'{expected}'" if expected else "more"
            raise DomainError(f"The condition is incomplete: expected {wanted}.")
        self.pos += 1
        return token

    def expression(self) -> Condition:
        return self._joined("or", "any", self.conjunction)

    def conjunction(self) -> Condition:
        return self._joined("and", "all", self.atom)

    def _joined(self, word: str, key: str, part: Any) -> Condition:
        parts = [part()]
        while (self.peek() or "").lower() == word:
            self.take()
            parts.append(part())
        return parts[0] if len(parts) == 1 else {key: parts}

    def atom(self) -> Condition:
        if self.peek() == "(":
            self.take()
            inner = self.expression()
            self.take(")")
            return inner
        code, op = self.take(), self.take().lower()
        if op in _COMPARE:
            value = _unquote(self.take())
            if _COMPARE[op] in ("gt", "gte", "lt", "lte") and _number(value) is None:
                raise DomainError(f"'{op}' needs a number, not '{value}'.")
            return {"q": code, "op": _COMPARE[op], "value": value}
        if op == "in":
            return {"q": code, "op": "in", "value": self._list()}
        if op == "answered":
            return {"q": code, "op": "answered"}
        if op == "not":
            self.take("answered")
            return {"q": code, "op": "not_answered"}
        raise DomainError(f"Unknown comparison '{op}' after {code}.")

    def _list(self) -> list[str]:
        self.take("(")
        values = [_unquote(self.take())]
        while self.peek() == ",":
            self.take()
            values.append(_unquote(self.take()))
        self.take(")")
        return values


def _unquote(token: str) -> str:
    return token[1:-1] if len(token) >= 2 and token[0] == token[-1] == '"' else token


def describe(condition: Condition | None) -> str:
    """JSON -> the text form (round-trips through ``parse``)."""
    if condition is None:
        return ""
    for key, word in (("all", " and "), ("any", " or ")):
        if key in condition:
            return word.join(_wrapped(c, key) for c in condition[key])
    op, code = condition["op"], condition["q"]
    if op in ("answered", "not_answered"):
        return f"{code} {op.replace('_', ' ')}"
    if op == "in":
        return f"{code} in ({', '.join(_quote(v) for v in condition['value'])})"
    return f"{code} {_SYMBOL[op]} {_quote(condition['value'])}"


def _wrapped(condition: Condition, parent: str) -> str:
    text = describe(condition)
    return f"({text})" if "any" in condition and parent == "all" else text


def _quote(value: Any) -> str:
    text = str(value)
    return f'"{text}"' if re.search(r"[\s(),=<>!]", text) or not text else text


def walk(condition: Condition | None) -> Iterator[Condition]:
    """Every leaf of a condition."""
    if condition is None:
        return
    for part in condition.get("all") or condition.get("any") or []:
        yield from walk(part)
    if "q" in condition:
        yield condition
