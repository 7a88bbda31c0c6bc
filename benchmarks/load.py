"""Mixed traffic through gunicorn for minutes: respondents, staff, an analysis run; nothing lost.

Starts gunicorn on 127.0.0.1 (a free port) serving Engage on a scratch database seeded with the
demo (users, reports, tours) and two open surveys: an anonymous one on its public link and a
confidential invitation-only one with one token per respondent. Client threads then run, until
``--minutes`` pass or ``--max-requests`` have been made:

* respondents: GET the form, POST the answers (public link, or ``?t=<token>`` once each);
* staff signed in as the analyst: reports (list, a report, a theme), survey monitoring and
  listening-tour pages, one page after another;
* one analysis run over the public survey's comments, started through ``/reports/new`` a third
  of the way in, followed on ``/reports/<id>/status.json`` until it finishes.

Afterwards every accepted submission (each comment carries a unique marker) is looked up in the
database: it must be stored exactly once, with all of its answers and its invitation used.

PostgreSQL (default when reachable): a scratch database ``engage_bench_load`` created and dropped
here, ``JOBS_BACKEND=rq`` with one ``engage worker`` over Redis db 12 at 127.0.0.1:6379.
``--sqlite``: a throwaway SQLite file, jobs inline (in gunicorn's threads).
Run from the repository root: ``.venv/bin/python benchmarks/load.py --minutes 10``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from harness import PASSWORD  # noqa: E402
from submissions import (  # noqa: E402 (benchmarks/ is not a package)
    ANSWERS,
    HIDDEN,
    ROOT,
    Client,
    Server,
    percentile,
)

REDIS_URL = "redis://127.0.0.1:6379/12"
ANALYST = "analyst@example.org"
#: Real-sounding comments so the analysis run has something to theme; a marker is appended.
COMMENTS = (
    "The buses do not come often enough in the evening for shift workers.",
    "Please keep the libraries open on Sundays, families depend on them.",
    "More shade trees and benches in the parks would help older residents.",
    "Snow removal on side streets is slow and people cannot get to work.",
    "The county website is hard to use on a phone and forms time out.",
    "Translate notices into Spanish and Hmong so neighbours understand them.",
    "Bus shelters need lights; waiting in the dark feels unsafe.",
    "Park bathrooms are closed too often during the summer.",
    "Library programmes for teenagers keep kids safe after school.",
    "Property taxes keep rising but services are not improving.",
    "Fix the potholes on the main roads before adding new projects.",
    "Clinics should have evening hours for people who work days.",
)
RUN_TITLE = "Load test run"
CSRF = re.compile(
    r'<input[^>]*name="csrf_token"[^>]*value="([^"]*)"|<input[^>]*value="([^"]*)"[^>]*name="csrf_token"'
)


def csrf(html: str) -> str:
    """The CSRF token of the page's form, whatever the attribute order."""
    found = CSRF.search(html)
    return unescape(found.group(1) or found.group(2)) if found else ""


@dataclass
class Stats:
    """Latencies and failures per request kind, shared by the client threads."""

    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    accepted: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, client: Client, method: str, path: str, body: str | None = None,
              expect: int = 200) -> str | None:  # fmt: skip
        """One request; its latency under ``kind``; None (and an error counted) if unexpected."""
        started = time.perf_counter()
        try:
            status, html = client.request(method, path, body)
        except (OSError, http.client.HTTPException) as exc:
            self.errors[f"{kind}: {type(exc).__name__}"] += 1
            client.reconnect()
            return None
        self.ms[kind].append((time.perf_counter() - started) * 1000)
        if status != expect:
            self.errors[f"{kind}: HTTP {status}"] += 1
            return None
        return html


@dataclass
class Plan:
    """What the seeded database holds for the clients to use."""

    public_path: str
    invited_path: str
    tokens: list[str]
    staff_pages: dict[str, list[str]]
    comment_ids: dict[str, int]
    evidence: str
    find_run: Any  #: () -> id of the run the benchmark started, or None


class Budget:
    """Stops every thread at the deadline or after ``cap`` requests; hands out markers."""

    def __init__(self, seconds: float, cap: int, first: int = 0) -> None:
        self.deadline, self.cap, self.issued = time.monotonic() + seconds, cap + first, first
        self.lock = threading.Lock()

    def next(self) -> int | None:
        with self.lock:
            if time.monotonic() >= self.deadline or self.issued >= self.cap:
                return None
            self.issued += 1
            return self.issued


def submit(stats: Stats, client: Client, kind: str, path: str, n: int) -> None:
    """One respondent: the form, then the answers with a unique marked comment."""
    client.cookies.clear()
    html = stats.timed(f"{kind} page", client, "GET", path)
    if html is None:
        return
    marker = f"{COMMENTS[n % len(COMMENTS)]} [ref {kind[:3]}-{n}]"
    form = {name: unescape(value) for name, value in HIDDEN.findall(html)}
    body = urlencode({**form, **ANSWERS, "q.q5": marker}, doseq=True)
    if stats.timed(f"{kind} submit", client, "POST", path, body, expect=303) is not None:
        with stats.lock:
            stats.accepted[kind].add(marker)


def sign_in(port: int, email: str) -> Client:
    client = Client(port)
    html = client.request("GET", "/login")[1]
    body = urlencode({"csrf_token": csrf(html), "email": email, "password": PASSWORD})
    status, _ = client.request("POST", "/login", body)
    if status != 302:
        raise RuntimeError(f"could not sign in as {email}: HTTP {status}")
    return client


def respondent(stats: Stats, port: int, budget: Budget, plan: Plan, tokens: list[str]) -> None:
    client = Client(port)
    while (n := budget.next()) is not None:
        with stats.lock:
            token = tokens.pop() if tokens and n % 2 else None
        if token:
            submit(stats, client, "invitation", f"{plan.invited_path}?t={token}", n)
        else:
            submit(stats, client, "public", plan.public_path, n)
    client.conn.close()


def staff(stats: Stats, port: int, budget: Budget, plan: Plan) -> None:
    client = sign_in(port, ANALYST)
    pages = [(kind, path) for kind, paths in plan.staff_pages.items() for path in paths]
    while (n := budget.next()) is not None:
        kind, path = pages[n % len(pages)]
        stats.timed(kind, client, "GET", path)
    client.conn.close()


def analysis(stats: Stats, port: int, plan: Plan, delay: float, limit: float) -> dict[str, Any]:
    """Start one run through the web form after ``delay`` s; follow it for ``limit`` s."""
    time.sleep(delay)
    client = sign_in(port, ANALYST)
    html = stats.timed("analysis start", client, "GET", "/reports/new") or ""
    body = urlencode({"csrf_token": csrf(html), "title": RUN_TITLE, "evidence": plan.evidence})
    started = time.monotonic()
    stats.timed("analysis start", client, "POST", "/reports/new", body, expect=302)
    run_id = plan.find_run()
    outcome: dict[str, Any] = {"run": run_id, "status": "not started", "seconds": 0.0}
    while run_id and time.monotonic() - started < limit:
        html = stats.timed("analysis status", client, "GET", f"/reports/{run_id}/status.json")
        if html and re.search(r'"status":\s*"(finished|failed)"', html):
            outcome["status"] = re.search(r'"status":\s*"(\w+)"', html).group(1)
            break
        outcome["status"] = "still running"
        time.sleep(1)  # under gunicorn's 2 s keep-alive: an idle connection is closed
    outcome["seconds"] = time.monotonic() - started
    return outcome


def staff_pages(app: Any, survey_ids: list[int]) -> dict[str, list[str]]:
    """Pages the analyst browses: the demo's finished report, monitoring, tours."""
    from sqlalchemy import select

    from analysis.reports.models import AnalysisRun, Theme
    from engage.extensions import db
    from engage.tours.models import Session

    with app.app_context():
        run_id = db.session.scalar(select(AnalysisRun.id).where(AnalysisRun.status == "finished"))
        theme_id = db.session.scalar(select(Theme.id).where(Theme.run_id == run_id))
        session_ids = db.session.scalars(select(Session.id).limit(3)).all()
    return {
        "staff reports": [
            "/reports/",
            f"/reports/{run_id}",
            f"/reports/{run_id}/themes/{theme_id}",
        ],
        "staff monitor": ["/surveys/", *(f"/surveys/{i}/monitor" for i in survey_ids)],
        "staff tours": ["/tours/", *(f"/tours/sessions/{i}" for i in session_ids)],
    }


def make_plan(site: dict[str, Any]) -> Plan:
    from sqlalchemy import select

    from analysis.reports.models import AnalysisRun
    from analysis.reports.sources_surveys import NAME
    from engage.extensions import db

    app = site["app"]

    def find_run() -> int | None:
        with app.app_context():
            query = select(AnalysisRun.id).where(AnalysisRun.title == RUN_TITLE)
            return db.session.scalar(query)

    return Plan(
        public_path=f"/s/{site['public_slug']}",
        invited_path=f"/s/{site['invited_slug']}",
        tokens=list(site["tokens"]),
        staff_pages=staff_pages(app, site["survey_ids"]),
        comment_ids=site["comment_ids"],
        evidence=f"{NAME}:{site['comment_ids']['public']}",
        find_run=find_run,
    )


def drive(port: int, plan: Plan, args: Any) -> tuple[Stats, dict[str, Any], float]:
    """All client threads until the deadline or the request cap; (stats, analysis, seconds)."""
    stats, seconds = Stats(), args.minutes * 60
    budget = Budget(seconds, args.max_requests)
    tokens, outcome = list(plan.tokens), {}
    threads = [
        threading.Thread(target=respondent, args=(stats, port, budget, plan, tokens))
        for _ in range(args.respondents)
    ] + [
        threading.Thread(target=staff, args=(stats, port, budget, plan)) for _ in range(args.staff)
    ]

    def follow() -> None:
        outcome.update(analysis(stats, port, plan, seconds / 3, seconds * 2 / 3 + 600))

    threads.append(threading.Thread(target=follow))
    started = time.perf_counter()
    for thread in threads:
        thread.daemon = True
        thread.start()
    for thread in threads[:-1]:
        thread.join(seconds + 120)
    elapsed = time.perf_counter() - started
    threads[-1].join(seconds + 900)
    return stats, outcome, elapsed


def verify(app: Any, site: dict[str, Any], stats: Stats) -> dict[str, dict[str, int]]:
    """Per respondent kind: accepted, stored, lost, duplicated, unexpected, incomplete."""
    from sqlalchemy import func, select

    from engage.extensions import db
    from surveys.distribution import token_hash
    from surveys.models import Answer, Response, SubmissionReceipt

    found = {}
    with app.app_context():
        for kind, question_id in site["comment_ids"].items():
            query = select(Answer.value).where(Answer.question_id == question_id)
            stored = list(db.session.scalars(query))
            accepted = stats.accepted[kind]
            found[kind] = {
                "accepted": len(accepted),
                "stored": len(stored),
                "lost": len(accepted - set(stored)),
                "duplicated": len(stored) - len(set(stored)),
                "unexpected": len(set(stored) - accepted),
            }
        answers = (
            select(Response.id, func.count(Answer.question_id).label("n"))
            .join(Answer, Answer.response_id == Response.id)
            .where(Response.survey_id.in_(site["survey_ids"]))
            .group_by(Response.id)
            .subquery()
        )
        found["all"] = {"incomplete": db.session.scalar(
            select(func.count()).select_from(answers).where(answers.c.n != len(ANSWERS))
        ) or 0}  # fmt: skip
        used = {token_hash(t) for t in site["tokens"]}
        receipts = db.session.scalars(select(SubmissionReceipt.key_hash)).all()
        found["invitation"]["tokens used"] = len(used.intersection(receipts))
        db.engine.dispose()
    return found


def report(name: str, stats: Stats, elapsed: float, outcome: dict[str, Any],
           found: dict[str, dict[str, int]]) -> int:  # fmt: skip
    """Print the tables; returns the number of lost + duplicated + incomplete responses."""
    total = sum(len(v) for v in stats.ms.values())
    submitted = sum(len(v) for k, v in stats.ms.items() if k.endswith("submit"))
    print(f"\n{name}: {elapsed:.0f} s, {total} requests = {total / elapsed:.1f}/s, "
          f"{submitted / elapsed:.1f} submissions/s")  # fmt: skip
    print(f"  {'kind':<20} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind in sorted(stats.ms):
        ms, errors = stats.ms[kind], sum(v for k, v in stats.errors.items() if k.startswith(kind))
        print(f"  {kind:<20} {len(ms):>7} {statistics.median(ms):>8.1f} "
              f"{percentile(ms, 0.95):>8.1f} {percentile(ms, 0.99):>8.1f} {errors:>7}")  # fmt: skip
    if stats.errors:
        print(f"  errors: {dict(stats.errors)}")
    print(f"  analysis run {outcome.get('run')}: {outcome.get('status')} "
          f"{outcome.get('seconds', 0):.0f} s after it was started")  # fmt: skip
    bad = found["all"]["incomplete"]
    for kind in ("public", "invitation"):
        row = found[kind]
        bad += row["lost"] + row["duplicated"]
        print(f"  {kind:<11} " + ", ".join(f"{k} {v}" for k, v in row.items()))
    print(f"  responses with missing answers: {found['all']['incomplete']}")
    print(f"  lost or duplicated responses: {bad - found['all']['incomplete']}"
          f" ({'OK' if bad == 0 else 'FAILED'})")  # fmt: skip
    return bad


def run(name: str, url: str, backend: str, args: Any) -> int:
    from harness import Worker, app_env, seed_site

    print(f"\n{name}: seeding {url.rsplit('/', 1)[-1]} ...", flush=True)
    site = seed_site(url, args.invitations)
    plan = make_plan(site)
    env = app_env(url, backend, REDIS_URL if backend == "rq" else "")
    worker = Worker(env) if backend == "rq" else None
    server = Server("engage:create_app()", ROOT, env, args)
    try:
        server.wait_ready(plan.public_path)
        print(f"  gunicorn {args.workers}x{args.threads} on 127.0.0.1:{server.port}, "
              f"{args.respondents} respondents + {args.staff} staff for {args.minutes} min "
              f"(cap {args.max_requests} flows)", flush=True)  # fmt: skip
        stats, outcome, elapsed = drive(server.port, plan, args)
    finally:
        server.stop()
        if worker:
            worker.stop()
    return report(name, stats, elapsed, outcome, verify(site["app"], site, stats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--sqlite", action="store_true", help="SQLite + inline jobs instead")
    parser.add_argument("--respondents", type=int, default=12, help="respondent threads")
    parser.add_argument("--staff", type=int, default=4, help="signed-in staff threads")
    parser.add_argument("--invitations", type=int, default=3000)
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap on flows")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    args = parser.parse_args()
    args.minutes = min(args.minutes, 30.0)
    from harness import scratch_postgres, uptime

    print(f"before: {uptime()}; {os.cpu_count()} cores", flush=True)
    folder = tempfile.mkdtemp(prefix="engage-bench-load-")
    if args.sqlite:
        bad = run("SQLite, inline jobs", f"sqlite:///{folder}/engage.sqlite", "inline", args)
    else:
        with scratch_postgres("engage_bench_load") as url:
            bad = run("PostgreSQL, RQ worker", url, "rq", args)
    print(f"after: {uptime()}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
