"""Faults Engage must survive, each checked against the database afterwards.

(a) ``kill -9`` of the RQ worker in the middle of an analysis run, ``--kills`` times (20), the
    worker restarted each time (every fifth run is killed twice, to see the clean failure too):
    no job lost or duplicated, every run finished or failed with a reason, results stored once.
(b) PostgreSQL, then Redis, restarted under respondent traffic: errors only while a service is
    down, none after; no response lost, duplicated or half-written; the worker still runs jobs,
    including one queued while Redis was down.
(c) A full disk while an export job writes (the worker's file size limited with RLIMIT_FSIZE,
    as mounting a tiny filesystem over the shared instance folder is not an option here): the
    job fails with a clear reason, no export file and no temporary file is left to serve.
(d) SQLite with 8 gunicorn worker processes writing at once: no "database is locked" reaches a
    respondent or the log, nothing lost.

PostgreSQL and Redis must run on 127.0.0.1 (scratch database ``engage_bench_faults``, created and
dropped here; Redis db 11); both are running again whenever this script exits.
Run from the repository root: ``.venv/bin/python benchmarks/faults.py``.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from harness import (  # noqa: E402 (benchmarks/ is not a package)
    Worker,
    app_env,
    scratch_postgres,
    seed_site,
    uptime,
)
from load import COMMENTS, Budget, Stats, make_plan, respondent, sign_in, verify  # noqa: E402
from submissions import ROOT, Server  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/11"
PG_VERSION = next(iter(sorted(p.name for p in Path("/etc/postgresql").iterdir())), "")
RESTART_PG = ["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, "main", "restart"]
START_PG = ["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, "main", "start"]
START_REDIS = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
               "--save", ""]  # fmt: skip


def sh(command: list[str], timeout: float = 60) -> bool:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    return done.returncode == 0


def services_up() -> tuple[bool, bool]:
    pg = sh(["pg_isready", "-q", "-h", "127.0.0.1", "-t", "2"])
    redis = sh(["redis-cli", "-h", "127.0.0.1", "ping"], timeout=5)
    return pg, redis


def ensure_services() -> None:
    """Start PostgreSQL and Redis if either is down (other engineers' tests use them)."""
    for _ in range(30):
        pg, redis = services_up()
        if pg and redis:
            return
        if not pg:
            sh(START_PG)
        if not redis:
            sh(START_REDIS)
        time.sleep(1)
    print("!! PostgreSQL or Redis did not come back; start them by hand", flush=True)


def wait_until(check: Callable[[], Any], seconds: float, every: float = 0.2) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    return None


def rq_app(url: str) -> Any:
    from harness import CACHE_DIR, SECRET

    from engage import create_app

    return create_app({"DATABASE_URL": url, "JOBS_BACKEND": "rq", "REDIS_URL": REDIS_URL,
                       "SECRET_KEY": SECRET, "ENGAGE_CACHE_DIR": CACHE_DIR})  # fmt: skip


def corpus(rows: int) -> bytes:
    """Answers for the analysis runs: the benchmark comments in many small variations."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["response", "area"])
    for i in range(rows):
        writer.writerow([f"{COMMENTS[i % len(COMMENTS)]} ({i // len(COMMENTS)})", f"area {i % 4}"])
    return out.getvalue().encode()


# (a) kill -9 the worker mid-analysis ------------------------------------------------------------


def job_state(app: Any, run_id: int) -> tuple[str, str, int, int]:
    """(run status, job status, job progress, job attempts) read afresh."""
    from analysis.reports.models import AnalysisRun
    from engage.extensions import db
    from engage.jobs.models import Job

    with app.app_context():
        run = db.session.get(AnalysisRun, run_id)
        job = db.session.get(Job, run.job_id)
        return str(run.status), str(job.status), job.progress, job.attempts


def kill_mid_run(
    app: Any, env: dict[str, str], run_id: int, worker: Worker, attempt: int
) -> tuple[Worker, bool]:
    """Wait until ``attempt`` is past collecting, kill -9 the worker, start another."""

    def busy() -> bool:
        _run, job, progress, attempts = job_state(app, run_id)
        return job in ("finished", "failed") or (
            job == "running" and attempts == attempt and progress >= 10
        )

    if wait_until(busy, 300) and job_state(app, run_id)[1] == "running":
        time.sleep(random.uniform(0, 1.5))  # somewhere in embedding, clustering or storing
    killed = job_state(app, run_id)[1] == "running"
    worker.kill()
    return Worker(env), killed


def kill_workers(url: str, kills: int) -> list[str]:
    """Part (a); returns the problems found (none is the pass)."""
    from analysis.reports.runs import start_run
    from analysis.reports.sources_upload import create_upload
    from engage.extensions import db

    print(f"\n(a) kill -9 the RQ worker mid-analysis, {kills} runs", flush=True)
    app, env = rq_app(url), app_env(url, "rq", REDIS_URL)
    with app.app_context():
        upload = create_upload("Faults", "faults.csv", corpus(240), "response", ["area"], True,
                               None)  # fmt: skip
        db.session.commit()
        scope = {"sources": {"upload": {"ids": [upload.id]}}}
    worker, rows = Worker(env), []
    try:
        with app.test_request_context():  # untimed: the first run loads models, compiles UMAP
            warm_id = start_run(scope, "Warm-up run", None).id
            db.session.commit()
        wait_until(lambda: job_state(app, warm_id)[1] in ("finished", "failed"), 900, 1)
        for i in range(kills):
            started = time.monotonic()
            with app.test_request_context():
                run_id = start_run(scope, f"Killed run {i}", None).id
                db.session.commit()
            kill_count, deaths = 2 if i % 5 == 4 else 1, 0
            for attempt in range(1, kill_count + 1):
                worker, killed = kill_mid_run(app, env, run_id, worker, attempt)
                deaths += killed
            final = wait_until(lambda r=run_id: job_state(app, r)[1] in ("finished", "failed"), 600)
            state = job_state(app, run_id)
            rows.append((run_id, deaths, state, time.monotonic() - started, bool(final)))
            print(f"  run {run_id}: killed {deaths}x mid-run -> run {state[0]}, job {state[1]}, "
                  f"{state[3]} attempt(s), {rows[-1][3]:.0f} s", flush=True)  # fmt: skip
    finally:
        worker.stop()
    return check_runs(app, rows)


def check_runs(app: Any, rows: list[tuple]) -> list[str]:
    """Every run ended with its one job; failed ones say why; results stored once."""
    from sqlalchemy import func, select

    from analysis.reports.models import AnalysisRun, ThemeAssignment
    from engage.extensions import db
    from engage.jobs.models import Job

    problems, finished, failed = [], 0, 0
    with app.app_context():
        for run_id, _deaths, _state, _seconds, ended in rows:
            run = db.session.get(AnalysisRun, run_id)
            jobs = db.session.scalars(select(Job).where(Job.title == f"Analysis: {run.title}"))
            jobs = list(jobs)
            per_unit = (
                select(func.count())
                .select_from(ThemeAssignment)
                .where(ThemeAssignment.run_id == run_id)
                .group_by(ThemeAssignment.unit_id, ThemeAssignment.segment)
            )
            twice = [n for n in db.session.scalars(per_unit) if n > 1]
            if not ended or run.status not in ("finished", "failed"):
                problems.append(f"run {run_id} never ended: {run.status}")
            if len(jobs) != 1 or jobs[0].status != run.status:
                problems.append(f"run {run_id}: jobs {[(j.id, str(j.status)) for j in jobs]}")
            if run.status == "failed" and not (run.error and jobs[0].error):
                problems.append(f"run {run_id} failed without a reason")
            if twice:
                problems.append(f"run {run_id}: {len(twice)} units assigned twice")
            finished += run.status == "finished"
            failed += run.status == "failed"
        left = db.session.scalar(
            select(func.count()).select_from(Job).where(Job.status.in_(("queued", "running")))
        )
        reasons = {r.error for r in db.session.scalars(select(AnalysisRun)) if r.error}
    kills = sum(row[1] for row in rows)
    print(f"  {len(rows)} runs, {kills} kills mid-run: {finished} finished, {failed} failed "
          f"cleanly, {left} jobs left queued/running (lost), {len(problems)} problems")  # fmt: skip
    for reason in sorted(reasons):
        print(f"  failure reason shown: {reason}")
    return problems + ([f"{left} jobs never ended"] if left else [])


# (b) restart PostgreSQL and Redis under traffic -------------------------------------------------


def traffic(
    port: int, plan: Any, seconds: float, clients: int, first: int = 0
) -> tuple[Stats, threading.Thread]:
    """Respondent threads in the background for ``seconds``; markers numbered after ``first``."""
    stats, budget, tokens = Stats(), Budget(seconds, 10**6, first), plan.tokens

    def run_all() -> None:
        threads = [threading.Thread(target=respondent, args=(stats, port, budget, plan, tokens),
                                    daemon=True) for _ in range(clients)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 120)

    runner = threading.Thread(target=run_all, daemon=True)
    runner.start()
    return stats, runner


def restart(name: str, command: Callable[[], None], check: Callable[[], bool]) -> float:
    started = time.monotonic()
    command()
    wait_until(check, 60, every=0.1)
    seconds = time.monotonic() - started
    print(f"  {name} restarted, back after {seconds:.1f} s", flush=True)
    return seconds


def restart_redis(while_down: Callable[[], None] = lambda: None) -> None:
    sh(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"])
    wait_until(lambda: not services_up()[1], 10, every=0.1)
    try:
        while_down()
    finally:
        sh(START_REDIS)


def run_starter(url: str, title: str) -> tuple[Any, Callable[[], int]]:
    """(app, start): ``start()`` starts an analysis run over a fresh upload; returns its id."""
    from analysis.reports.runs import start_run
    from analysis.reports.sources_upload import create_upload
    from engage.extensions import db

    app = rq_app(url)
    with app.app_context():
        upload = create_upload(title, "runs.csv", corpus(60), "response", [], True, None)
        db.session.commit()
        scope = {"sources": {"upload": {"ids": [upload.id]}}}

    def start() -> int:
        with app.test_request_context():
            run_id = start_run(scope, title, None).id
            db.session.commit()  # dispatched now, to Redis if it is up
            return run_id

    return app, start


def restart_services(url: str, site: dict[str, Any], args: Any) -> list[str]:
    """Part (b)."""
    print("\n(b) restart PostgreSQL, then Redis, under respondent traffic", flush=True)
    env, plan = app_env(url, "rq", REDIS_URL), make_plan(site)
    worker, server = Worker(env), Server("engage:create_app()", ROOT, env, args)
    problems: list[str] = []
    try:
        server.wait_ready(plan.public_path)
        during, runner = traffic(server.port, plan, 40, args.clients)
        time.sleep(8)
        restart("PostgreSQL", lambda: sh(RESTART_PG), lambda: services_up()[0])
        time.sleep(8)
        app, start = run_starter(url, "Queued while Redis was down")
        lost: list[int] = []
        restart(
            "Redis", lambda: restart_redis(lambda: lost.append(start())), lambda: services_up()[1]
        )
        runner.join(120)
        after, runner = traffic(server.port, plan, 15, args.clients, first=10**6)
        runner.join(120)
        health = sign_in(server.port, "analyst@example.org").request("GET", "/healthz")
        problems += job_after_restart(url)
        problems += run_ends(app, lost[0], "an analysis run started while Redis was down", 300)
    finally:
        server.stop()
        worker.stop()
    merged = Stats()
    for stats in (during, after):
        for kind, markers in stats.accepted.items():
            merged.accepted[kind] |= markers
    found = verify(site["app"], site, merged)
    for label, stats in (("during the restarts", during), ("after them", after)):
        count = sum(len(v) for k, v in stats.ms.items() if k.endswith("submit"))
        print(f"  {label}: {count} submissions, errors {dict(stats.errors) or 0}")
    print(f"  /healthz after: HTTP {health[0]} {health[1].strip()}")
    for kind in ("public", "invitation"):
        print(f"  {kind:<11} " + ", ".join(f"{k} {v}" for k, v in found[kind].items()))
    print(f"  responses with missing answers: {found['all']['incomplete']}")
    bad = sum(found[k]["lost"] + found[k]["duplicated"] for k in ("public", "invitation"))
    problems += [f"{bad} responses lost or duplicated"] if bad else []
    problems += [f"{found['all']['incomplete']} half-written"] if found["all"]["incomplete"] else []
    problems += [f"errors after recovery: {dict(after.errors)}"] if after.errors else []
    problems += [f"/healthz {health[0]} after recovery"] if health[0] != 200 else []
    return problems


def job_after_restart(url: str) -> list[str]:
    """The worker that lived through both restarts still runs a job."""
    app, start = run_starter(url, "After the restarts")
    return run_ends(app, start(), "an analysis run started after the restarts", 300)


def run_ends(app: Any, run_id: int, label: str, seconds: float) -> list[str]:
    started = time.monotonic()
    ended = wait_until(lambda: job_state(app, run_id)[1] in ("finished", "failed"), seconds, 1)
    state = job_state(app, run_id)
    print(f"  {label}: run {state[0]}, job {state[1]} after {time.monotonic() - started:.0f} s")
    return [] if ended and state[0] == "finished" else [f"{label}: {state}"]


# (c) a full disk while an export is written -----------------------------------------------------


def limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def fill_disk(url: str, site: dict[str, Any], args: Any) -> list[str]:
    """Part (c): an XLSX export job on a worker that cannot write files over 4 KiB."""
    from engage.extensions import db
    from engage.jobs.files import export_dir
    from engage.jobs.models import Job

    print("\n(c) full disk while an export job writes (worker RLIMIT_FSIZE 4 KiB)", flush=True)
    env = {**app_env(url, "rq", REDIS_URL), "SURVEYS_EXPORT_JOB_RESPONSES": "10"}
    server = Server("engage:create_app()", ROOT, env, args)
    app, survey_id = site["app"], site["survey_ids"][0]
    with app.app_context():
        before = {p.name for p in export_dir().iterdir()}
    worker = Worker(env, preexec=limit_file_size(4096))
    try:
        server.wait_ready("/healthz")
        traffic(server.port, make_plan(site), 5, 4, first=2 * 10**6)[1].join(120)  # to export
        staff = sign_in(server.port, "analyst@example.org")
        page = staff.request("GET", f"/surveys/{survey_id}/responses")[1]
        from load import csrf

        body = f"csrf_token={csrf(page)}"
        status, _ = staff.request("POST", f"/surveys/{survey_id}/export.xlsx/job", body)
        with app.app_context():
            job_id = db.session.scalar(db.select(func_max(Job.id)))
        wait_until(lambda: _job(app, job_id).status in ("finished", "failed"), 300, 0.5)
        job = _job(app, job_id)
        shown = staff.request("GET", f"/jobs/{job_id}")[1]
        download = staff.request("GET", f"/surveys/exports/{job_id}")[0]
    finally:
        worker.stop()
        server.stop()
    with app.app_context():
        left = {p.name for p in export_dir().iterdir()} - before
    mine = [n for n in left if f"job{job_id}" in n or n.startswith("tmp")]
    print(f"  export requested: HTTP {status}; job {job_id} {job.status}: {job.error}")
    print(f"  error on the job page: {'yes' if job.error and job.error[:40] in shown else 'no'};"
          f" download: HTTP {download}; files left: {mine or 'none'}")  # fmt: skip
    clear = job.status == "failed" and "disk space" in (job.error or "")
    problems = [] if clear else [f"export job {job.status}, error not clear: {job.error}"]
    problems += [f"download answered {download}"] if download == 200 else []
    problems += [f"files left: {mine}"] if mine else []
    return problems


def func_max(column: Any) -> Any:
    from sqlalchemy import func

    return func.max(column)


def _job(app: Any, job_id: int) -> Any:
    from engage.extensions import db
    from engage.jobs.models import Job

    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


# (d) SQLite with 8 concurrent writers -----------------------------------------------------------


def sqlite_writers(args: Any) -> list[str]:
    """Part (d): 8 gunicorn processes (one thread each) and 16 respondents on one SQLite file."""
    print("\n(d) SQLite, 8 writer processes, 16 respondents, 30 s", flush=True)
    folder = tempfile.mkdtemp(prefix="engage-bench-faults-")
    url = f"sqlite:///{folder}/engage.sqlite"
    site = seed_site(url, 2000, demo=False)
    plan = make_plan(site)
    writers = argparse.Namespace(workers=8, threads=1)
    server = Server("engage:create_app()", ROOT, app_env(url, "inline"), writers)
    try:
        server.wait_ready(plan.public_path)
        stats, runner = traffic(server.port, plan, 30, 16)
        runner.join(200)
    finally:
        server.stop()
    log = Path(server.log.name).read_text(errors="replace")
    locked = log.count("database is locked")
    found = verify(site["app"], site, stats)
    count = sum(len(v) for k, v in stats.ms.items() if k.endswith("submit"))
    print(f"  {count} submissions, errors {dict(stats.errors) or 0}, "
          f"'database is locked' in the server log: {locked}")  # fmt: skip
    for kind in ("public", "invitation"):
        print(f"  {kind:<11} " + ", ".join(f"{k} {v}" for k, v in found[kind].items()))
    bad = sum(found[k]["lost"] + found[k]["duplicated"] for k in ("public", "invitation"))
    problems = [f"{bad} lost or duplicated"] if bad else []
    problems += [f"errors: {dict(stats.errors)}"] if stats.errors else []
    return problems + ([f"{locked} 'database is locked' in the log"] if locked else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--only", default="abcd", help="which parts, e.g. 'bd'")
    parser.add_argument("--clients", type=int, default=8, help="respondent threads in (b)")
    args = parser.parse_args()
    args.workers, args.threads = 4, 4
    print(f"before: {uptime()}", flush=True)
    problems: dict[str, list[str]] = {}
    try:
        if set(args.only) & set("abc"):
            with scratch_postgres("engage_bench_faults") as url:
                site = seed_site(url, 3000, demo=False)
                if "a" in args.only:
                    problems["a"] = kill_workers(url, args.kills)
                if "b" in args.only:
                    problems["b"] = restart_services(url, site, args)
                if "c" in args.only:
                    problems["c"] = fill_disk(url, site, args)
        if "d" in args.only:
            problems["d"] = sqlite_writers(args)
    finally:
        ensure_services()
    print(f"\nafter: {uptime()}")
    for part, found in problems.items():
        print(f"({part}) {'OK' if not found else 'FAILED: ' + '; '.join(found)}")
    sys.exit(1 if any(problems.values()) else 0)


if __name__ == "__main__":
    main()
