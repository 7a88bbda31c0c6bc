"""Shared by load.py and faults.py: scratch databases, an ``engage worker`` process, seeding.

gunicorn, the respondent client and the benchmark survey come from ``submissions.py``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from submissions import ROOT, SECRET, _questions, seed_engage  # noqa: E402

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
#: Kept between runs: the demo report's embeddings (the static model itself lives in
#: ENGAGE_MODEL_DIR, shared by every instance on the machine).
CACHE_DIR = str(ROOT / "instance" / "bench-cache")
PASSWORD = "engage-demo"  # noqa: S105 (the demo users' documented password)
ENGAGE = str(Path(sys.executable).with_name("engage"))


def uptime() -> str:
    """The load average, as ``uptime`` prints it (the machine is shared)."""
    return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


@contextmanager
def scratch_postgres(name: str) -> Iterator[str]:
    """A fresh PostgreSQL database ``name`` (engage_bench_* only), dropped afterwards."""
    from sqlalchemy import create_engine, text

    if not name.startswith("engage_bench_"):
        raise ValueError("scratch databases are named engage_bench_*")
    from sqlalchemy.pool import NullPool

    # No pool: a pooled connection would not survive faults.py restarting PostgreSQL.
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    drop()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        try:
            drop()
        finally:
            admin.dispose()


def app_env(url: str, backend: str, redis_url: str = "") -> dict[str, str]:
    """The environment gunicorn and workers get: one database, one cache, one jobs backend."""
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "ENGAGE_CACHE_DIR": CACHE_DIR,
           "JOBS_BACKEND": backend, "PYTHONPATH": str(ROOT)}  # fmt: skip
    return {**env, "REDIS_URL": redis_url} if redis_url else env


class Worker:
    """``engage worker`` in its own process group; ``kill()`` is kill -9, ``stop()`` SIGTERM."""

    def __init__(self, env: dict[str, str], preexec: Callable[[], None] | None = None) -> None:
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in stop())
            prefix="engage-worker-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(  # noqa: S603 (a fixed argv, no shell)
            [ENGAGE, "worker"], cwd=ROOT, env={**os.environ, **env}, preexec_fn=preexec,
            stdout=self.log, stderr=self.log, start_new_session=True,
        )  # fmt: skip

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def new_survey(title: str, anonymity: Any, public: bool) -> Any:
    """An open survey with the benchmark's five questions (q5 is the comment)."""
    from surveys import services
    from surveys.models import SurveyKind

    survey = services.create_survey(
        title=title, kind=SurveyKind.FEEDBACK, anonymity=anonymity, actor="bench",
        languages=["en"],
    )  # fmt: skip
    for values in _questions():
        services.save_question(survey.sections[0], None, values, "bench")
    survey.public = public
    services.open_survey(survey, "bench")
    return survey


def invite(survey: Any, count: int) -> list[str]:
    """``count`` new residents invited to ``survey``; their tokens."""
    from engage.directory.models import Stakeholder, StakeholderRole
    from engage.extensions import db
    from surveys.distribution import invite as invite_people

    people = [
        Stakeholder(name=f"Resident {i}", role=StakeholderRole.RESIDENT) for i in range(count)
    ]
    db.session.add_all(people)
    db.session.flush()
    links = invite_people(survey, people, "bench")
    return [re.search(r"[?&]t=([^&]+)", link).group(1) for _, link in links]


def seed_site(url: str, invitations: int, demo: bool = True) -> dict[str, Any]:
    """Migrate, seed the demo (or only its users) and two surveys; what clients need."""
    from engage.demo.seed import seed_demo, seed_users
    from engage.extensions import db
    from surveys.models import Anonymity

    app, slug, comment_id = seed_engage(url, CACHE_DIR)
    with app.test_request_context():  # invitation links are built with url_for
        if demo:
            started = time.monotonic()
            seed_demo()
            print(f"  demo seeded in {time.monotonic() - started:.0f} s", flush=True)
        else:
            seed_users(PASSWORD)
        invited = new_survey("Library hours (invited)", Anonymity.CONFIDENTIAL, public=False)
        tokens = invite(invited, invitations)
        db.session.commit()
        site = {
            "app": app,
            "public_slug": slug,
            "invited_slug": invited.slug,
            "survey_ids": [db.session.scalar(_survey_id(slug)), invited.id],
            "comment_ids": {"public": comment_id, "invitation": invited.questions[-1].id},
            "tokens": tokens,
        }
    return site


def _survey_id(slug: str) -> Any:
    from sqlalchemy import select

    from surveys.models import Survey

    return select(Survey.id).where(Survey.slug == slug)
