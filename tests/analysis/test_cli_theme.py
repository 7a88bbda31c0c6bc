"""`engage theme`: the JSON contract on the Durham answers, and exit code 2 on bad input."""

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from analysis.cli import theme_command
from analysis.themefile.schema import SCHEMA
from tests.conftest import shared_data


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ENGAGE_SUPPRESSION_K", "10")

    def invoke(*args: str):
        return CliRunner().invoke(theme_command, [*args, "--output", str(tmp_path / "out.json")])

    return invoke


def test_durham_to_schema_valid_json_and_html(run, tmp_path: Path) -> None:
    durham = shared_data("engagement_text", "durham_resident_survey_2021", "rss2021.csv")
    done = run(str(durham), "--text", "response", "--group", "survey", "--format", "html")
    assert done.exit_code == 0, done.output
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    answers = {r["row"] for r in document["rows"]}
    assert len(answers) == len(document["rows"]) == 481
    assert document["themes"][0]["groups"]["survey"].keys() == {"city", "county"}
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "<script" not in html and "Where people agree" in html


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", ("--text", "a"), "empty"),
        (b"\x00\x01\x02binary", ("--text", "a"), "binary"),
        (
            b"a,b\n1,2\n",
            ("--text", "answer"),
            "column 'answer' not found; available columns: 'a', 'b'",
        ),
        (b"a,b\n,2\n", ("--text", "a"), "no non-empty answers"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    run, tmp_path: Path, content: bytes, args, message: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    done = run(str(path), *args)
    assert done.exit_code == 2
    lines = done.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in done.output
