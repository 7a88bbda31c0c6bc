"""CSV bytes from any common tool -> rows of text: one reader for theming and for imports.

Plain Python (no Flask, no NLP stack), so the web app's response importer and
``engage theme`` share it without either loading the other's dependencies. Encodings are
tried in order: UTF-8 (with or without BOM), Windows-1252 (what Excel on Windows writes, e.g.
the Durham resident survey), then charset-normalizer's best guess. The delimiter (comma,
semicolon or tab) is sniffed. Formulas are never evaluated: CSV text stays text.
"""

from __future__ import annotations

import csv
import io


class UnreadableText(ValueError):
    """The bytes are not CSV text; ``str()`` says why in words a person can act on."""


def decode(raw: bytes) -> str:
    """Decode CSV bytes: UTF-8 (BOM or not), then Windows-1252, then a detected charset.

    Raises:
        UnreadableText: no encoding fits.
    """
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise UnreadableText("cannot tell the text encoding; save it as UTF-8 CSV")
    return str(best)


def csv_rows(raw: bytes) -> list[list[str]]:
    """Every record of a CSV file, decoded and split with the sniffed delimiter.

    Raises:
        UnreadableText: binary content, an unknown encoding or broken CSV quoting.
    """
    if b"\x00" in raw[:8192]:
        raise UnreadableText("this looks like a binary file, not CSV text")
    text = decode(raw)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column, or too little text to tell: plain commas
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise UnreadableText(f"not readable as CSV ({exc})") from None
