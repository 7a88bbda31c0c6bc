"""Safe cells for CSV and XLSX files that people open in spreadsheet programs."""

from typing import Any

#: A spreadsheet runs text starting with these as a formula (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix text a spreadsheet would treat as a formula with an apostrophe.

    Numbers, dates and booleans pass unchanged, so negative numbers stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
