"""Run the privacy suite (tests/privacy) on SQLite and PostgreSQL and print what it checked.

The suite records its own figures (tables, columns and rows scanned per anonymous
submission, log lines read, hypothesis examples and breakdowns checked) into the file named
by ``ENGAGE_PRIVACY_FIGURES``; this script runs it once per database and prints a table.

Run from the repository root: ``.venv/bin/python benchmarks/privacy.py
[--postgres-url postgresql://postgres@127.0.0.1:5432/engage_test_privacy]`` (a test*
database; pass ``--postgres-url ''`` to skip PostgreSQL).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_suite(database_url: str | None) -> tuple[dict[str, int], float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "figures.json"
        env = {**os.environ, "ENGAGE_PRIVACY_FIGURES": str(target)}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        started = time.perf_counter()
        command = [str(ROOT / ".venv/bin/pytest"), "tests/privacy", "-q", "-p", "no:cacheprovider"]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
        seconds = time.perf_counter() - started
        summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
        if done.returncode != 0:
            sys.exit(f"privacy suite failed:\n{done.stdout[-3000:]}")
        return json.loads(target.read_text()), seconds, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--postgres-url", default="postgresql://postgres@127.0.0.1:5432/engage_test_privacy"
    )
    args = parser.parse_args()
    runs = {"SQLite": run_suite(None)}
    if args.postgres_url:
        runs["PostgreSQL"] = run_suite(args.postgres_url)
    keys = sorted({key for figures, _s, _t in runs.values() for key in figures})
    print("| figure | " + " | ".join(runs) + " |")
    print("|---|" + "---|" * len(runs))
    for key in keys:
        print(f"| {key} | " + " | ".join(str(r[0].get(key, "")) for r in runs.values()) + " |")
    print("| suite | " + " | ".join(f"{r[2]} ({r[1]:.0f} s)" for r in runs.values()) + " |")


if __name__ == "__main__":
    main()
