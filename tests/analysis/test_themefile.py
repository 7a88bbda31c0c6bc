"""Reading answer files: encodings, XLSX, and every bad input as one clear message."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from analysis.themefile import BadInput, read_table, to_units
from tests.conftest import shared_data

ROWS = [
    ["answer", "area"],
    ["Café hours are too short", "city"],
    ["", "county"],
    ["Más parques", "county"],
]


def _csv(path: Path, encoding: str) -> Path:
    path.write_bytes("\r\n".join(",".join(r) for r in ROWS).encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    table = read_table(_csv(tmp_path / "a.csv", encoding))
    units, rows = to_units(table, "answer", ("area",))
    assert [u.text for u in units] == ["Café hours are too short", "Más parques"]
    assert rows == [0, 2]  # the blank answer keeps its data-row number out of the output
    assert units[1].attributes == {"area": "county"}


def test_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    for row in ROWS:
        book.active.append(row)
    book.save(tmp_path / "a.xlsx")
    units, rows = to_units(read_table(tmp_path / "a.xlsx"), "answer")
    assert [u.id for u in units] == ["0", "2"] and rows == [0, 2]


def test_durham_file_is_windows_1252() -> None:
    path = shared_data("engagement_text", "durham_resident_survey_2021", "rss2021.csv")
    units, _ = to_units(read_table(path), "response", ("survey",))
    assert len(units) == 481 and any("’" in u.text for u in units)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"\n\n", "no header row"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(BadInput, match=message):
        read_table(path)


def test_missing_column_names_it_and_lists_the_others(tmp_path: Path) -> None:
    table = read_table(_csv(tmp_path / "a.csv", "utf-8"))
    with pytest.raises(
        BadInput, match=r"column 'text' not found; available columns: 'answer', 'area'"
    ):
        to_units(table, "text")


def test_broken_xlsx(tmp_path: Path) -> None:
    (tmp_path / "b.xlsx").write_bytes(b"not a zip at all")
    with pytest.raises(BadInput, match="not a readable XLSX"):
        read_table(tmp_path / "b.xlsx")
