"""analysis.nlp and analysis.stats stay plain Python: importing them loads no web stack."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loads_none_of(modules: str, forbidden: str) -> None:
    """Import ``modules`` in a fresh interpreter; fail if a module matching ``forbidden`` loads."""
    code = (
        f"import sys, {modules};"
        f"bad = sorted(m for m in sys.modules if {forbidden});"
        "assert not bad, bad"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_analysis_imports_no_flask_or_sqlalchemy() -> None:
    _loads_none_of(
        "analysis.nlp, analysis.stats, analysis.nlp.engine, analysis.themefile",
        "m.split('.')[0] in {'flask', 'sqlalchemy'}",
    )


def test_csv_reader_shared_with_the_importers_loads_neither_web_nor_nlp_stack() -> None:
    """The responses importer reads CSV through analysis.csvtext without loading spaCy & co."""
    _loads_none_of(
        "analysis.csvtext",
        "m.split('.')[0] in {'flask', 'sqlalchemy'} or m.startswith('analysis.nlp')",
    )
