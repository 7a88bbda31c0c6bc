"""The one CSV reader behind ``engage theme`` and the responses importer."""

from __future__ import annotations

import pytest

from analysis.csvtext import UnreadableText, csv_rows, decode
from tests.conftest import shared_data


def test_the_durham_windows_1252_file_decodes_with_its_curly_quotes() -> None:
    raw = shared_data("engagement_text", "durham_resident_survey_2021", "rss2021.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = csv_rows(raw)
    assert len(rows) == 482  # header + 481 answers
    assert any("’" in cell for row in rows for cell in row)  # cp1252 0x92, not mojibake


@pytest.mark.parametrize(
    ("raw", "rows"),
    [
        ("\ufeffa,b\r\n1,é\r\n".encode(), [["a", "b"], ["1", "é"]]),  # UTF-8 with BOM
        (b"a;b\n1;2\n", [["a", "b"], ["1", "2"]]),  # semicolons (Excel in much of Europe)
        (b"a\tb\n1\t2\n", [["a", "b"], ["1", "2"]]),
        (b'a,b\n"=1+1",x\n', [["a", "b"], ["=1+1", "x"]]),  # formulas stay text
    ],
)
def test_encodings_and_delimiters(raw: bytes, rows: list[list[str]]) -> None:
    assert csv_rows(raw) == rows


def test_binary_and_undecodable_bytes_are_refused_in_words() -> None:
    with pytest.raises(UnreadableText, match="binary file"):
        csv_rows(b"PK\x03\x04\x00\x00")
    assert decode("naïve".encode("cp1252")) == "naïve"
