"""Skip-logic expressions of other tools (XLSForm ``relevant``, LimeSurvey relevance) -> Engage.

One small parser reads the common subset of both dialects: comparisons (``=``, ``==``,
``!=``, ``<``, ``<=``, ``>``, ``>=``), ``and``/``or``/``&&``/``||``, ``not(...)``/``!``,
parentheses, ``selected(q, 'v')``, ``is_empty(q)``, ``true()``, quoted text (straight or
curly quotes) and numbers. ``translate`` turns the tree into an Engage condition
(``surveys.conditions``), pushing negation down to the leaves because Engage conditions have
no ``not``. Anything else raises :class:`Unsupported` naming the construct, so the importer
can report it instead of silently dropping the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Node = tuple[Any, ...]
Condition = dict[str, Any] | None
#: name in the expression -> (Engage question code, option value or None)
Resolver = Callable[[str], tuple[str, str | None]]

#: quotes that open text: straight, or curly as word processors write them (closing pairs);
#: only the delimiters are curly-aware, so a curly quote inside straight quotes is kept
_QUOTES = "'\"‘“„′"
_TOKEN = re.compile(
    r"""\s*(\$\{[^}]*\}|'[^']*'|"[^"]*"|'[^'’]*’|"[^"”]*”
        |[‘′][^’′']*[’′']|[“„][^”"]*[”"]
        |\d+(?:\.\d+)?(?![\w.])|>=|<=|!=|==|&&|\|\||[=<>!(),]
        |\d*[A-Za-z_][\w.:-]*|\.|\S)""",
    re.VERBOSE,
)
_FLIP = {
    "gt": "lt",
    "lt": "gt",
    "gte": "lte",
    "lte": "gte",
    "equals": "equals",
    "not_equals": "not_equals",
}
_OPS = {
    "=": "equals",
    "==": "equals",
    "!=": "not_equals",
    ">": "gt",
    ">=": "gte",
    "<": "lt",
    "<=": "lte",
}
_NEGATE = {
    "equals": "not_equals",
    "not_equals": "equals",
    "gt": "lte",
    "lte": "gt",
    "lt": "gte",
    "gte": "lt",
    "answered": "not_answered",
    "not_answered": "answered",
}
ALWAYS = ("always",)


class Unsupported(ValueError):
    """The expression uses something Engage skip logic cannot express; ``str()`` says what."""


def tokens(text: str) -> list[str]:
    found, pos, text = [], 0, text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:  # only trailing space is left
            break
        found.append(match.group(1))
        pos = match.end()
    return found


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens, self.pos = tokens(text), 0

    def peek(self) -> str:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if not token or (expected and token.lower() != expected):
            raise Unsupported(f"expected {expected or 'more'} at the end of the expression")
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.either()
        if self.peek():
            raise Unsupported(f"'{self.peek()}' is not supported here")
        return node

    def either(self) -> Node:
        parts = [self.both()]
        while self.peek().lower() in ("or", "||"):
            self.take()
            parts.append(self.both())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def both(self) -> Node:
        parts = [self.unary()]
        while self.peek().lower() in ("and", "&&"):
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def unary(self) -> Node:
        if self.peek() == "!":
            self.take()
            return ("not", self.unary())
        left = self.primary()
        if self.peek() in _OPS:
            op = _OPS[self.take()]
            return ("cmp", op, left, self.primary())
        return left

    def primary(self) -> Node:
        token = self.take()
        if token == "(":  # noqa: S105
            inner = self.either()
            self.take(")")
            return inner
        if token.startswith("${"):
            return ("ref", token[2:-1].strip())
        if token[0] in _QUOTES:
            return ("lit", token[1:-1])
        if re.fullmatch(r"\d+(\.\d+)?", token):
            return ("lit", token)
        if token == ".":  # noqa: S105
            return ("self",)
        if re.match(r"\d*[A-Za-z_]", token):  # names; LimeSurvey's SGQA start with digits
            return self._call_or_name(token)
        raise Unsupported(f"'{token}' is not supported")

    def _call_or_name(self, token: str) -> Node:
        if self.peek() != "(":
            return ("ref", token)
        self.take("(")
        args: list[Node] = []
        while self.peek() != ")":
            args.append(self.either())
            if self.peek() == ",":
                self.take()
        self.take(")")
        return ("call", token.lower(), args)


def parse(text: str) -> Node:
    """The expression tree; raises Unsupported on syntax it does not know."""
    if not text.strip():
        return ALWAYS
    return _Parser(text).parse()


def translate(text: str, resolve: Resolver, self_code: str | None = None) -> Condition:
    """An Engage condition for ``text`` (None: always shown).

    Args:
        text: the source expression.
        resolve: maps a referenced name to (question code, option or None); raises
            Unsupported for names that are not earlier imported questions.
        self_code: what ``.`` means (the question itself, in constraints).
    """
    node = parse(text)
    condition = _convert(node, resolve, self_code)
    return None if condition is ALWAYS else condition  # type: ignore[comparison-overlap]


def _convert(node: Node, resolve: Resolver, me: str | None) -> Any:
    kind = node[0]
    if kind == "always":
        return ALWAYS
    if kind in ("and", "or"):
        parts = [_convert(p, resolve, me) for p in node[1]]
        parts = [p for p in parts if p is not ALWAYS]
        if not parts:
            return ALWAYS
        return parts[0] if len(parts) == 1 else {"all" if kind == "and" else "any": parts}
    if kind == "not":
        return negate(_convert(node[1], resolve, me))
    if kind == "cmp":
        return _compare(node, resolve, me)
    if kind == "call":
        return _call(node, resolve, me)
    if kind == "lit" and node[1] in ("1", "true"):
        return ALWAYS
    raise Unsupported(f"'{_show(node)}' is not a condition")


def _subject(node: Node, resolve: Resolver, me: str | None) -> tuple[str, str | None]:
    if node[0] == "ref":
        return resolve(node[1])
    if node[0] == "self" and me:
        return me, None
    raise Unsupported(f"'{_show(node)}' is not a question reference")


def _compare(node: Node, resolve: Resolver, me: str | None) -> Any:
    _cmp, op, left, right = node
    if left[0] == "lit" and right[0] != "lit":
        left, right, op = right, left, _FLIP[op]
    if right[0] != "lit":
        raise Unsupported(f"comparing two questions ('{_show(node)}') is not supported")
    code, option = _subject(left, resolve, me)
    value = right[1]
    if option is not None:  # a checkbox of a multiple-choice question: "Y" or ""
        selected = (op == "equals") == (value.upper() == "Y")
        if op not in ("equals", "not_equals"):
            raise Unsupported(f"'{_show(node)}' compares a checkbox with an order")
        return {"q": code, "op": "equals" if selected else "not_equals", "value": option}
    if value == "" and op in ("equals", "not_equals"):
        return {"q": code, "op": "not_answered" if op == "equals" else "answered"}
    if op in ("gt", "gte", "lt", "lte") and not re.fullmatch(r"-?\d+(\.\d+)?", value):
        raise Unsupported(f"'{_show(node)}' orders text, not numbers")
    return {"q": code, "op": op, "value": value}


def _call(node: Node, resolve: Resolver, me: str | None) -> Any:
    _kind, name, args = node
    if name == "true" and not args:
        return ALWAYS
    if name == "not" and len(args) == 1:
        return negate(_convert(args[0], resolve, me))
    if name == "selected" and len(args) == 2 and args[1][0] == "lit":
        code, _option = _subject(args[0], resolve, me)
        return {"q": code, "op": "equals", "value": args[1][1]}
    if name == "is_empty" and len(args) == 1:
        code, option = _subject(args[0], resolve, me)
        if option is not None:
            return {"q": code, "op": "not_equals", "value": option}
        return {"q": code, "op": "not_answered"}
    raise Unsupported(f"the function {name}() is not supported")


def negate(condition: Any) -> Any:
    """not(condition), with the negation pushed to the leaves (De Morgan)."""
    if condition is ALWAYS:
        raise Unsupported("'not(true)' never shows the question")
    if "all" in condition or "any" in condition:
        key, parts = ("any", condition["all"]) if "all" in condition else ("all", condition["any"])
        return {key: [negate(p) for p in parts]}
    if condition["op"] == "in":
        return {
            "all": [
                {"q": condition["q"], "op": "not_equals", "value": v} for v in condition["value"]
            ]
        }
    return {**condition, "op": _NEGATE[condition["op"]]}


def _show(node: Node) -> str:
    kind = node[0]
    if kind == "ref":
        return node[1]
    if kind == "lit":
        return repr(node[1])
    if kind == "self":
        return "."
    if kind == "cmp":
        return f"{_show(node[2])} {node[1]} {_show(node[3])}"
    if kind == "call":
        return f"{node[1]}({', '.join(_show(a) for a in node[2])})"
    return kind


def fold_in(condition: Any) -> Any:
    """``a = x or a = y`` -> ``a in (x, y)``, as Engage's builder writes it (same meaning)."""
    if condition is None or "q" in condition:
        return condition
    key = "all" if "all" in condition else "any"
    parts = [fold_in(p) for p in condition[key]]
    codes = {p.get("q") for p in parts}
    if key == "any" and len(codes) == 1 and all(p.get("op") == "equals" for p in parts):
        return {"q": parts[0]["q"], "op": "in", "value": [p["value"] for p in parts]}
    return {key: parts}
