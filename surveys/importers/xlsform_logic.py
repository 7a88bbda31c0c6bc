"""XLSForm-specific parts of rule translation: choice values in conditions, number bounds."""

from __future__ import annotations

from typing import Any

from surveys.importers import expr
from surveys.importers.spec import safe_value


def map_values(condition: Any, option_maps: dict[str, dict[str, str]]) -> Any:
    """Rewrite choice names in ``condition`` to the option values they were imported as.

    Raises:
        expr.Unsupported: a rule compares a choice question with a value it does not offer.
    """
    if condition is None:
        return None
    for key in ("all", "any"):
        if key in condition:
            return {key: [map_values(c, option_maps) for c in condition[key]]}
    mapping = option_maps.get(condition["q"])
    if mapping is None or condition["op"] not in ("equals", "not_equals"):
        return condition
    value = condition["value"]
    if value in mapping:
        return {**condition, "value": mapping[value]}
    if safe_value(value, set()) in mapping.values():  # e.g. 'lycee' for the choice 'lycée'
        return {**condition, "value": safe_value(value, set())}
    raise expr.Unsupported(f"'{value}' is not a choice of {condition['q']}")


def bounds(text: str, *, integer: bool) -> tuple[dict[str, float | int], bool]:
    """``. >= 0 and . <= 120`` -> ({"min": 0, "max": 120}, exact).

    Strict bounds on integers become exact inclusive ones (``. > 0`` -> min 1); on decimals
    they become inclusive and ``exact`` is False.
    """
    node = expr.parse(text)
    leaves = node[1] if node[0] == "and" else [node]
    found: dict[str, float | int] = {}
    exact = True
    for leaf in leaves:
        if leaf[0] != "cmp" or {leaf[2][0], leaf[3][0]} != {"self", "lit"}:
            raise expr.Unsupported("only comparisons of . with numbers are supported")
        op, number = (
            (leaf[1], leaf[3][1]) if leaf[2][0] == "self" else (expr._FLIP[leaf[1]], leaf[2][1])
        )
        try:
            value: float | int = int(number) if number.lstrip("-").isdigit() else float(number)
        except ValueError:
            raise expr.Unsupported(f"'{number}' is not a number") from None
        if op in ("gt", "lt"):
            step = 1 if op == "gt" else -1
            value, exact = (value + step, exact) if integer else (value, False)
        if op in ("gt", "gte"):
            found["min"] = value
        elif op in ("lt", "lte"):
            found["max"] = value
        else:
            raise expr.Unsupported(f"'{op}' is not a bound")
    return found, exact


#: appearances Engage honours (multiline -> long text; the rest are its own layout anyway)
HONOURED_APPEARANCES = {"multiline"}


def unkept_columns(row: dict[str, str]) -> list[str]:
    """Report notes for survey-sheet columns Engage does not carry over.

    ``constraint_message`` (Engage words its own messages), ``default`` (questions start
    empty), ``read_only`` (every Engage question can be answered) and appearances other than
    ``multiline`` (Engage's pages have one accessible layout).
    """
    notes = []
    message = next((v for k, v in row.items() if k.startswith("constraint_message")), "")
    if message:
        notes.append(f"constraint_message '{message[:60]}' not kept: Engage words its own")
    if row.get("default"):
        notes.append(f"default '{row['default'][:40]}' not kept: Engage questions start empty")
    if row.get("read_only", "").lower() in ("yes", "true", "true()", "1"):
        notes.append("read_only not kept: respondents can answer it")
    other = [a for a in row.get("appearance", "").split() if a not in HONOURED_APPEARANCES]
    if other:
        notes.append(f"appearance '{' '.join(other)}' not kept: Engage uses its own layout")
    return notes
