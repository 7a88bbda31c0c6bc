"""XLSForm-specific parts of rule translation: choice values in conditions, number bounds."""

from __future__ import annotations

from typing import Any

from surveys.importers import expr
from surveys.importers.spec import safe_value
from surveys.importers.xlsform_engage import ENGAGE_SETTINGS, ENGAGE_TYPE


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


#: survey-sheet columns the importer reads (translated ``label::``/``hint::`` columns are
#: matched by language once per file, so they are not repeated on every row)
USED_COLUMNS = {"type", "name", "label", "hint", "required", "relevant", "constraint",
                "appearance", "choice_filter", "constraint_message", "default", "read_only",
                "select_from_list_name", "parameters", ENGAGE_TYPE, ENGAGE_SETTINGS}  # fmt: skip
GROUP_COLUMNS = {"type", "name", "label", "relevant", "appearance"}
#: what a group's appearance means in Engage, where a section is always one page
GROUP_APPEARANCES = {"field-list": "field-list kept: a section is one page"}


def _base(column: str) -> str:
    return column if column.startswith("bind::") else column.partition("::")[0]


def _other_columns(row: dict[str, str], used: set[str]) -> list[str]:
    other = [k for k in row if _base(k) not in used]
    if not other:
        return []
    return [f"column {', '.join(other)} not kept: Engage has no equivalent"]


def unkept_columns(row: dict[str, str], qtype: str) -> list[str]:
    """Report notes for survey-sheet columns Engage does not carry over.

    ``constraint_message`` (Engage words its own messages), ``default`` (questions start
    empty), ``read_only`` (every Engage question can be answered), appearances other than
    ``multiline`` (and ``likert`` on a Likert question: Engage's pages have one accessible
    layout), ``parameters`` except on a range, and any column Engage has no use for (media,
    ``calculation``, ``required_message``...), named on the row it was found.
    """
    notes = []
    message = next((v for k, v in row.items() if k.startswith("constraint_message")), "")
    if message:
        notes.append(f"constraint_message '{message[:60]}' not kept: Engage words its own")
    if row.get("default"):
        notes.append(f"default '{row['default'][:40]}' not kept: Engage questions start empty")
    if row.get("read_only", "").lower() in ("yes", "true", "true()", "1"):
        notes.append("read_only not kept: respondents can answer it")
    honoured = {"multiline", "likert"} if qtype == "likert" else {"multiline"}
    other = [a for a in row.get("appearance", "").split() if a not in honoured]
    if other:
        notes.append(f"appearance '{' '.join(other)}' not kept: Engage uses its own layout")
    if row.get("parameters") and not row.get("type", "").startswith("range"):
        notes.append(f"parameters '{row['parameters'][:40]}' not kept")
    return notes + _other_columns(row, USED_COLUMNS)


def group_notes(row: dict[str, str]) -> tuple[list[str], list[str]]:
    """(what a group row's extra columns became, what was not kept) for the report."""
    kept, lost = [], []
    for look in row.get("appearance", "").split():
        if look in GROUP_APPEARANCES:
            kept.append(f"appearance {GROUP_APPEARANCES[look]}")
        else:
            lost.append(f"appearance '{look}' not kept: a section lists its questions in turn")
    return kept, lost + _other_columns(row, GROUP_COLUMNS)


def unused_sheet_columns(
    choices: list[tuple[int, dict[str, str]]], settings: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(where, name, message) for choices-sheet columns and settings Engage does not keep."""
    found: dict[str, list[int]] = {}
    for number, row in choices:
        for column in {_base(k) for k in row} - {"list_name", "name", "label"}:
            found.setdefault(column, []).append(number)
    out = [
        ("choices", f"column {column}",
         f"not kept (rows {', '.join(map(str, rows[:10]))}{'...' if len(rows) > 10 else ''}):"
         " an Engage choice has a code and labels only")
        for column, rows in sorted(found.items())
    ]  # fmt: skip
    for key in settings:
        if key not in ("form_title", "default_language", "namespaces"):
            out.append(("settings", key, f"setting '{key}' not kept: Engage has no equivalent"))
    return out


def range_settings(question: Any, parameters: str) -> list[str]:
    """A range (slider): 0 to 10 by 1 is Engage's rating; other ranges a bounded number."""
    found = {"start": "1", "end": "10", "step": "1"}  # ODK's defaults
    for pair in parameters.replace(",", " ").split():
        key, _sep, value = pair.partition("=")
        found[key.strip().lower()] = value.strip()
    try:
        start, end, step = (float(found[k]) for k in ("start", "end", "step"))
    except ValueError:
        return [f"range parameters '{parameters[:40]}' are not numbers: a number without bounds"]
    if (start, end, step) == (0, 10, 1):
        question.type = "rating"
        return []
    question.settings.update({"min": min(start, end), "max": max(start, end)})
    if step.is_integer() and start.is_integer():
        question.settings["integer"] = True
    return [f"range shown as a number box from {start:g} to {end:g} (step {step:g} not kept)"]
