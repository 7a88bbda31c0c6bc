"""Backup and restore of a demo instance, across SQLite and PostgreSQL, timed and checked.

1. A fresh SQLite database is upgraded and seeded with the demo (surveys with responses,
   listening-tour notes, a finished analysis run, messaging, census), plus ``--responses``
   extra anonymous responses to the demo buy-in survey, copied from its own answers.
2. ``engage backup`` writes it; ``engage restore`` puts it into a fresh SQLite database and
   into a fresh PostgreSQL database (``--postgres-url``, a test* database it creates and drops);
   that PostgreSQL instance is backed up again and restored into another fresh SQLite database.
3. Each restored database must hold exactly the rows of the first (every table compared
   row by row, order-insensitive).

Prints rows, archive size, and seconds per backup and restore. Run from the repository root:
``.venv/bin/python benchmarks/backup.py [--responses N] [--postgres-url URL]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_app(url: str, instance: Path) -> Any:
    from flask_migrate import upgrade

    from analysis.nlp.models import default_cache_dir
    from engage import create_app

    # The machine's embedding cache, so seeding the demo run reuses the demo answers' vectors.
    settings = {"DATABASE_URL": url, "SECRET_KEY": "bench", "JOBS_BACKEND": "inline",
                "ENGAGE_CACHE_DIR": str(default_cache_dir())}  # fmt: skip
    app = create_app(settings)
    app.instance_path = str(instance)
    instance.mkdir(parents=True, exist_ok=True)
    with app.app_context():
        upgrade()
    return app


def more_responses(count: int) -> None:
    """Copy the demo buy-in survey's responses (with new random ids) up to ``count`` more."""
    from sqlalchemy import select

    from engage.extensions import db
    from surveys.models import Answer, Response, Survey

    survey = db.session.scalar(select(Survey).where(Survey.slug == "demo-buy-in"))
    pool = db.session.scalars(select(Response).where(Response.survey_id == survey.id)).all()
    rng = random.Random(0)
    for _ in range(count):
        model = rng.choice(pool)
        copy = Response(survey_id=survey.id, language=model.language)
        copy.submitted_on, copy.org_unit_id = model.submitted_on, model.org_unit_id
        copy.respondent_role, copy.demographics = model.respondent_role, model.demographics
        copy.answers = [Answer(question_id=a.question_id, value=a.value) for a in model.answers]
        db.session.add(copy)
    db.session.commit()


def contents(app: Any) -> dict[str, list[str]]:
    from sqlalchemy import select

    from engage.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        return {
            t.name: sorted(
                json.dumps(dict(r._mapping), sort_keys=True, default=str)
                for r in conn.execute(select(t))
            )  # fmt: skip
            for t in db.metadata.sorted_tables
        }


def timed(app: Any, args: list[str]) -> float:
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=args)
    if result.exit_code != 0:
        raise SystemExit(f"engage {' '.join(args)} failed: {result.output}")
    print(f"  {result.output.strip()}", file=sys.stderr)
    return time.perf_counter() - started


def fresh_postgres(url: str) -> str:
    from sqlalchemy import create_engine, make_url, text

    name = make_url(url).database or ""
    if not name.startswith(("test", "engage_test")):
        raise SystemExit("--postgres-url must name a test* or engage_test* database")
    admin = create_engine(
        make_url(url).set(database="postgres").set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=5000)
    parser.add_argument(
        "--postgres-url", default="postgresql://postgres@127.0.0.1:5432/engage_test_backup_bench"
    )
    args = parser.parse_args()
    from engage.demo.seed import seed_demo
    from engage.extensions import db

    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = make_app(f"sqlite:///{work / 'a.sqlite'}", work / "a")
        with source.app_context():
            seed_demo("bench-password")
            more_responses(args.responses)
        (work / "a" / "exports").mkdir(exist_ok=True)
        (work / "a" / "exports" / "report-1.csv").write_text("theme,rows\nBuses,40\n")
        expected = contents(source)
        total = sum(len(v) for v in expected.values())
        archive = work / "sqlite.tar.gz"
        seconds = timed(source, ["backup", str(archive)])
        rows.append(("backup", "SQLite", f"{total}", f"{archive.stat().st_size}", f"{seconds:.2f}"))
        targets = [("SQLite", f"sqlite:///{work / 'b.sqlite'}", work / "b"),
                   ("PostgreSQL", fresh_postgres(args.postgres_url), work / "c")]  # fmt: skip
        apps = {}
        for label, url, folder in targets:
            apps[label] = app = make_app(url, folder)
            seconds = timed(app, ["restore", str(archive)])
            assert contents(app) == expected, f"{label}: restored rows differ"
            assert (folder / "exports" / "report-1.csv").exists()
            rows.append(("restore", f"SQLite -> {label}", f"{total}", "", f"{seconds:.2f}"))
        archive_pg = work / "postgres.tar.gz"
        seconds = timed(apps["PostgreSQL"], ["backup", str(archive_pg)])
        rows.append(
            ("backup", "PostgreSQL", f"{total}", f"{archive_pg.stat().st_size}", f"{seconds:.2f}")
        )
        last = make_app(f"sqlite:///{work / 'd.sqlite'}", work / "d")
        seconds = timed(last, ["restore", str(archive_pg)])
        assert contents(last) == expected, "PostgreSQL -> SQLite: restored rows differ"
        rows.append(("restore", "PostgreSQL -> SQLite", f"{total}", "", f"{seconds:.2f}"))
        for app in (source, last, *apps.values()):
            with app.app_context():
                db.engine.dispose()
    print("| step | databases | rows | archive bytes | seconds |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("Every restore held exactly the source's rows (all tables, compared row by row).")


if __name__ == "__main__":
    main()
