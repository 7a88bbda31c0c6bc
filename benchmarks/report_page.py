"""Time the report page and a theme page for a run over 100,000 evidence units.

The run is stored directly (as ``analysis.reports.store`` would after the engine), not themed:
the engine's own speed is ``benchmarks/theming.py``'s subject. Units are real answers, the
Durham 2021 resident survey (Windows-1252) and the Pol.is comments in ``../shared/data``,
repeated and perturbed (pass *k* drops one random word and appends ``(k)``) so every unit is
a distinct string. Themes, stances and groups (department, role, language, survey) follow
skewed, realistic distributions, with a few departments too small to show. Theme statistics are
then computed by the real code (``statistics.refresh``), so the pages read what a run stores.

Run from the repository root: ``python benchmarks/report_page.py`` (``--units``,
``--requests``, ``--database-url postgresql://...`` for PostgreSQL; the default is a fresh
SQLite file in a temporary folder).
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics as pystats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

DURHAM = DATA / "engagement_text" / "durham_resident_survey_2021" / "rss2021.csv"
POLIS = DATA / "polis"
DEPARTMENTS = [f"Department {c}" for c in "ABCDEFGHIJKL"] + ["Small office 1", "Small office 2"]
ROLES = ["resident", "employee", "municipal_staff", "partner", "leader"]
N_THEMES = 40


def real_texts() -> list[str]:
    """Every Durham answer and Pol.is comment with text."""
    with DURHAM.open(encoding="cp1252", newline="") as f:
        texts = [r["response"].strip() for r in csv.DictReader(f)]
    for path in sorted(POLIS.glob("*/comments.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            texts += [r.get("comment-body", "").strip() for r in csv.DictReader(f)]
    return [t for t in texts if len(t) > 10]


def corpus(n: int, rng: random.Random) -> list[str]:
    """``n`` distinct texts: pass k over the real texts drops a word and appends (k)."""
    pool, out, k = real_texts(), [], 0
    while len(out) < n:
        for text in pool:
            words = text.split()
            if k and len(words) > 3:
                del words[rng.randrange(len(words))]
            out.append(" ".join(words) + (f" ({k})" if k else ""))
            if len(out) == n:
                break
        k += 1
    return out


def _weights(n: int, skew: float) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


def person(rng: random.Random) -> dict[str, str]:
    """A respondent's groups: skewed departments (two tiny), roles, languages."""
    department = rng.choices(DEPARTMENTS, _weights(12, 0.6) + [0.0004, 0.0004])[0]
    language = rng.choices(["en", "es", "hmn"], [0.85, 0.14, 0.01])[0]
    return {
        "department": department,
        "role": rng.choices(ROLES, [5, 3, 1, 1, 0.3])[0],
        "language": language,
        "survey": rng.choice(["Resident survey", "Staff survey"]),
    }


def build_run(n_units: int, seed: int = 0) -> int:
    """Insert a finished run with ``n_units`` units, its themes and assignments. Commits."""
    from sqlalchemy import insert

    from analysis.reports import statistics
    from analysis.reports.models import (
        AnalysisRun,
        ReportState,
        RunStatus,
        RunUnit,
        Theme,
        ThemeAssignment,
    )
    from engage.extensions import db

    rng = random.Random(seed)
    texts = corpus(n_units, rng)
    run = AnalysisRun(
        title="Benchmark: 100k answers",
        status=RunStatus.FINISHED,
        state=ReportState.DRAFT,  # analysts see curation forms: the slowest case
        scope={"sources": {"upload": {"ids": [1]}}},
        params={"seed": seed, "suppression_k": 10},
        manifest={"engine": "benchmark", "seconds": 0},
    )
    db.session.add(run)
    db.session.flush()
    themes = [
        Theme(
            run_id=run.id,
            position=i,
            label=f"theme {i}: " + " ".join(texts[i].split()[:4]),
            keywords=texts[i].lower().split()[:6],
            summary=texts[i + 100],
        )
        for i in range(N_THEMES)
    ]
    db.session.add_all(themes)
    db.session.flush()
    units, assignments = _rows(run.id, texts, [t.id for t in themes], rng)
    for model, rows in ((RunUnit, units), (ThemeAssignment, assignments)):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[start : start + 5000])
    for theme in themes:
        members = [a["unit_id"] for a in assignments if a["theme_id"] == theme.id][:5]
        theme.quotes = [{"unit_id": u, "text": texts[int(u.split(":")[1])]} for u in members]
    db.session.commit()
    started = time.perf_counter()
    statistics.refresh(run)
    db.session.commit()
    print(f"statistics.refresh over {n_units} units: {time.perf_counter() - started:.1f} s")
    return run.id


def _rows(
    run_id: int, texts: list[str], theme_ids: list[int], rng: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    weights = _weights(len(theme_ids), 0.9)
    bias = {t: rng.uniform(-0.4, 0.4) for t in theme_ids}
    units, assignments, people = [], [], []
    for i, text in enumerate(texts):
        if not people or rng.random() > 0.3:  # 30 % of respondents wrote a second answer
            people.append((f"r{len(people)}", person(rng)))
        respondent, attrs = people[-1] if rng.random() > 0.3 else rng.choice(people)
        unit_id = f"upload:{i}"
        units.append(
            {
                "run_id": run_id,
                "unit_id": unit_id,
                "source": "upload",
                "text": text,
                "respondent": respondent,
                "attributes": attrs,
                "quotable": i % 3 == 0,
                "stance": "neutral",
            }
        )
        for segment in range(rng.choice((1, 1, 1, 2))):
            theme = rng.choices(theme_ids, weights)[0] if rng.random() > 0.08 else None
            roll = rng.random() + (bias[theme] if theme else 0)
            stance = "support" if roll > 0.65 else "concern" if roll < 0.3 else "neutral"
            assignments.append(
                {
                    "run_id": run_id,
                    "unit_id": unit_id,
                    "source": "upload",
                    "segment": segment,
                    "start": 0,
                    "end": len(text),
                    "theme_id": theme,
                    "stance": stance,
                    "stance_score": rng.uniform(0.5, 1),
                    "curated": False,
                }
            )
    return units, assignments


def time_pages(app: Any, run_id: int, requests: int) -> None:
    """p50/p95 of the report page and of the largest theme's page, as an analyst."""
    from sqlalchemy import select

    from analysis.reports.models import Theme
    from engage.auth.models import User
    from engage.auth.roles import Role
    from engage.extensions import db

    with app.app_context():
        db.session.add(
            User(
                email="bench@example.org",
                name="Bench",
                role=Role.ANALYST,
                password_hash=_hash(),
                session_nonce="bench",
            )
        )
        db.session.commit()
        theme_id = db.session.scalar(
            select(Theme.id).where(Theme.run_id == run_id).order_by(Theme.respondents.desc())
        )
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": "bench-password"})
    for name, url in (
        ("report page", f"/reports/{run_id}"),
        ("largest theme page", f"/reports/{run_id}/themes/{theme_id}"),
    ):
        assert client.get(url).status_code == 200, url  # warm-up (templates, caches)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(
            f"{name:<20} {url:<28} n={requests}  p50 {pystats.median(times):7.1f} ms  "
            f"p95 {p95:7.1f} ms  max {times[-1]:7.1f} ms"
        )


def _hash() -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash("bench-password")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    from flask_migrate import upgrade

    from engage import create_app

    folder = tempfile.mkdtemp(prefix="engage-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
    if args.database_url:
        from sqlalchemy import make_url

        from tests.conftest import reset_schema

        name = make_url(url).database or ""
        if "test" not in name and "bench" not in name:
            sys.exit(f"refusing to wipe database {name!r}: name a test or bench database")
        reset_schema(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "ENGAGE_CACHE_DIR": folder,
            "JOBS_BACKEND": "inline",
        }
    )
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        run_id = build_run(args.units)
        print(f"stored run {run_id}: {args.units} units in {time.perf_counter() - started:.1f} s")
    time_pages(app, run_id, args.requests)


if __name__ == "__main__":
    main()
