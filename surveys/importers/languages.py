"""Matching a source tool's language names and codes to Engage's languages (en, es, hmn)."""

from __future__ import annotations

import re

ENGAGE = ("en", "es", "hmn")
_NAMES = {"english": "en", "spanish": "es", "español": "es", "espanol": "es",
          "castellano": "es", "hmong": "hmn", "hmoob": "hmn"}  # fmt: skip
_CODE = re.compile(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\)\s*$")


def engage_code(label: str) -> str | None:
    """``'English (en)'``, ``'english'``, ``'es-MX'`` or ``'Hmoob'`` -> en/es/hmn, else None."""
    text = label.strip()
    match = _CODE.search(text)
    code = (match.group(1) if match else text).lower().replace("_", "-")
    if code.split("-")[0] in ENGAGE:
        return code.split("-")[0]
    name = _CODE.sub("", text).strip().lower()
    return _NAMES.get(name)
