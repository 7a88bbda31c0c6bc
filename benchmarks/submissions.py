"""Survey submissions per second through gunicorn, beside a bare Flask endpoint.

Starts gunicorn on 127.0.0.1 (a free port) serving the real Engage app on a throwaway SQLite
file (and on PostgreSQL when ``--database-url`` or ``DATABASE_URL`` names a scratch database)
with a seeded open, anonymous, public survey, then ``bare_app.py`` under the same gunicorn
settings. Client threads (``http.client``, one keep-alive connection each) do the respondent
flow: GET the page, read the signed form state and CSRF token, POST the answers, expect a 303.
Every submission carries a unique marker in its comment; afterwards the stored rows are
counted against the accepted markers, so a lost or duplicated response is seen.

Bounded: only 127.0.0.1, each phase at most ``--seconds`` (after a 2 s warm-up) and
``--max-submissions``, server start at most 60 s; servers are stopped on every exit path.
Run from the repository root: ``.venv/bin/python benchmarks/submissions.py``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"  #: the only address this benchmark ever talks to
START_TIMEOUT = 60.0
WARMUP_SECONDS = 2.0
SECRET = "bench-submissions"  # noqa: S105 (signs throwaway benchmark sessions only)
HIDDEN = re.compile(r'name="(state|csrf_token)" value="([^"]*)"')
ANSWERS = {"action": "next", "q.q1": "yes", "q.q2": "4", "q.q3": ["parks", "transit"], "q.q4": "8"}


@dataclass
class Tally:
    """What the clients saw in one phase."""

    page_ms: list[float] = field(default_factory=list)
    submit_ms: list[float] = field(default_factory=list)
    accepted: set[str] = field(default_factory=set)
    failures: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    client_cpu: float = 0.0
    #: CPU seconds the gunicorn workers used while measuring (robust on a shared machine)
    server_cpu: float = 0.0


class Client:
    """One respondent after another on one keep-alive connection, with its own cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.msg.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response.status, text

    def respond(self, path: str, marker: str, tally: Tally) -> None:
        """One respondent: GET the form, POST the answers; records latencies and outcome."""
        self.cookies.clear()  # a new respondent each time
        started = time.perf_counter()
        status, html = self.request("GET", path)
        fetched = time.perf_counter()
        if status != 200:
            tally.failures[f"page {status}"] += 1
            return
        form = {name: unescape(value) for name, value in HIDDEN.findall(html)}
        body = urlencode({**form, **ANSWERS, "q.q5": marker}, doseq=True)
        status, _html = self.request("POST", path, body)
        done = time.perf_counter()
        tally.page_ms.append((fetched - started) * 1000)
        tally.submit_ms.append((done - fetched) * 1000)
        if status == 303:
            tally.accepted.add(marker)
        else:
            tally.failures[f"submit {status}"] += 1

    def reconnect(self) -> None:
        self.conn.close()
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)


def drive(port: int, path: str, clients: int, seconds: float, cap: int, prefix: str) -> Tally:
    """``clients`` threads submitting until ``seconds`` pass or ``cap`` flows have started."""
    tally, lock, issued = Tally(), threading.Lock(), [0]
    deadline = time.monotonic() + seconds

    def work() -> None:
        client = Client(port)
        while time.monotonic() < deadline:
            with lock:
                if issued[0] >= cap:
                    break
                issued[0] += 1
                marker = f"{prefix}-{issued[0]}"
            try:
                client.respond(path, marker, tally)
            except (OSError, http.client.HTTPException) as exc:
                tally.failures[type(exc).__name__] += 1
                client.reconnect()
        client.conn.close()

    cpu, started = time.process_time(), time.perf_counter()
    threads = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    tally.seconds = time.perf_counter() - started
    tally.client_cpu = (time.process_time() - cpu) / tally.seconds
    return tally


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 in its own process group, always stopped on exit."""

    def __init__(self, app_spec: str, chdir: Path, env: dict[str, str], args: Any) -> None:
        self.port = free_port()
        # Kept open for gunicorn's output while it runs; closed in stop().
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix="gunicorn-", suffix=".log", delete=False
        )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--chdir",
            str(chdir),
            "--timeout",
            "60",
            "--preload",  # import the app once, before forking: workers are ready together
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            app_spec,
        ]
        environment = {**os.environ, **env, "ENGAGE_BASE_URL": f"http://{HOST}:{self.port}"}
        self.process = subprocess.Popen(  # noqa: S603 (a fixed argv, no shell)
            command, env=environment, stdout=self.log, stderr=self.log, start_new_session=True
        )

    def wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                if Client(self.port).request("GET", path)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"gunicorn was not ready within {START_TIMEOUT:.0f} s")

    def cpu_seconds(self) -> float:
        """User + system CPU of the gunicorn master and its workers so far (Linux /proc)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that just ended
            # fields[1] is the parent pid, fields[11] and fields[12] utime and stime
            if stat.parent.name == str(self.process.pid) or fields[1] == str(self.process.pid):
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.log.close()


def run_phase(
    label: str,
    spec: str,
    chdir: Path,
    env: dict[str, str],
    path: str,
    args: Any,
) -> Tally:
    """Start the server, warm up, measure, stop; the tally keeps warm-up markers too."""
    server = Server(spec, chdir, env, args)
    try:
        server.wait_ready(path)
        warm = drive(server.port, path, args.clients, WARMUP_SECONDS, args.max_submissions, "w")
        cpu = server.cpu_seconds()
        tally = drive(server.port, path, args.clients, args.seconds, args.max_submissions, "m")
        tally.server_cpu = server.cpu_seconds() - cpu
    finally:
        server.stop()
    tally.accepted |= warm.accepted
    tally.failures.update({f"warm-up {k}": v for k, v in warm.failures.items()})
    print(f"  {label}: ran {tally.seconds:.1f} s", flush=True)
    return tally


def seed_engage(url: str, folder: str) -> tuple[Any, str, int]:
    """Migrate the database and open an anonymous public survey; (app, slug, comment id)."""
    from flask_migrate import upgrade

    from engage import create_app
    from engage.extensions import db
    from surveys import services
    from surveys.models import Anonymity, SurveyKind

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "ENGAGE_CACHE_DIR": folder})
    with app.app_context():
        upgrade()
        survey = services.create_survey(
            title="Parks and transit",
            kind=SurveyKind.FEEDBACK,
            anonymity=Anonymity.ANONYMOUS,
            actor="bench",
            languages=["en"],
        )
        section = survey.sections[0]
        for values in _questions():
            services.save_question(section, None, values, "bench")
        services.open_survey(survey, "bench")
        db.session.commit()
        return app, survey.slug, survey.questions[-1].id


def _questions() -> list[dict[str, Any]]:
    def q(code: str, type_: str, text: str, **extra: Any) -> dict[str, Any]:
        return {
            "code": code,
            "type": type_,
            "text": text,
            "help": "",
            "required": False,
            "options": [],
            "settings": {},
            "translations": {},
            **extra,
        }

    options = [{"value": v, "label": v.title()} for v in ("parks", "transit", "libraries")]
    return [
        q(
            "q1",
            "single_choice",
            "Do you live in the county?",
            required=True,
            options=[{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
        ),
        q(
            "q2",
            "likert",
            "The county listens to residents.",
            required=True,
            settings={"points": 5},
        ),
        q("q3", "multiple_choice", "Which services do you use?", options=options),
        q("q4", "rating", "How likely are you to recommend county parks?"),
        q("q5", "long_text", "What should change?"),
    ]


def stored_engage(app: Any, question_id: int) -> list[str]:
    from sqlalchemy import func, select

    from engage.extensions import db
    from surveys.models import Answer, Response

    with app.app_context():
        values = db.session.scalars(select(Answer.value).where(Answer.question_id == question_id))
        markers = list(values)
        responses = db.session.scalar(select(func.count()).select_from(Response))
        db.engine.dispose()
    if responses != len(markers):
        print(f"  !! {responses} responses but {len(markers)} comments stored")
    return markers


def stored_bare(url: str) -> list[str]:
    from bare_app import make_engine
    from sqlalchemy import text

    engine = make_engine(url)
    with engine.connect() as conn:
        markers = list(conn.scalars(text("SELECT answer FROM bench_submission")))
    engine.dispose()
    return markers


def prepare_bare(url: str) -> None:
    from bare_app import TABLE, make_engine
    from sqlalchemy import text

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(TABLE))
        conn.execute(text("DELETE FROM bench_submission"))
    engine.dispose()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] if ordered else 0.0


def report_row(name: str, tally: Tally, stored: list[str]) -> float:
    measured = len([m for m in tally.accepted if m.startswith("m-")])
    rate = measured / tally.seconds
    lost = len(tally.accepted - set(stored))
    duplicated = len(stored) - len(set(stored))
    unexpected = len(set(stored) - tally.accepted)
    failures = sum(tally.failures.values())
    print(
        f"  {name:<7} {rate:8.1f}/s  submit p50 {statistics.median(tally.submit_ms or [0]):6.1f} "
        f"p95 {percentile(tally.submit_ms, 0.95):6.1f} ms  page p50 "
        f"{statistics.median(tally.page_ms or [0]):6.1f} p95 {percentile(tally.page_ms, 0.95):6.1f}"
        f" ms  accepted {len(tally.accepted):6d} stored {len(stored):6d} lost {lost} "
        f"duplicated {duplicated} unexpected {unexpected} failed {failures}"
        f"  client CPU {tally.client_cpu:.0%}"
        f"  server CPU {tally.server_cpu * 1000 / max(measured, 1):.1f} ms/submission"
    )
    if tally.failures:
        print(f"          failures: {dict(tally.failures)}")
    return rate


def benchmark(kind: str, url: str, bare_url: str, folder: str, args: Any) -> None:
    print(
        f"\n{kind}: gunicorn gthread {args.workers} workers x {args.threads} threads, "
        f"{args.clients} clients, {args.seconds:.0f} s (+{WARMUP_SECONDS:.0f} s warm-up), "
        f"cap {args.max_submissions} submissions",
        flush=True,
    )
    app, slug, comment_id = seed_engage(url, folder)
    prepare_bare(bare_url)
    env = {"SECRET_KEY": SECRET, "ENGAGE_CACHE_DIR": folder, "JOBS_BACKEND": "inline"}
    engage = run_phase(
        "engage", "engage:create_app()", ROOT, {**env, "DATABASE_URL": url}, f"/s/{slug}", args
    )
    bare = run_phase(
        "bare", "bare_app:create_app()", BENCH, {**env, "DATABASE_URL": bare_url}, "/s/bare", args
    )
    engage_rate = report_row("engage", engage, stored_engage(app, comment_id))
    bare_rate = report_row("bare", bare, stored_bare(bare_url))
    ratio = engage_rate / bare_rate if bare_rate else 0.0
    p95 = percentile(engage.submit_ms, 0.95)
    print(
        f"  Engage / bare: {ratio:.0%} of the bare rate (target >= 60%: "
        f"{'met' if ratio >= 0.6 else 'MISSED'}); Engage submit p95 {p95:.1f} ms "
        f"(target < 100 ms: {'met' if p95 < 100 else 'MISSED'})"
    )


def load_average() -> str:
    """The machine is shared: every figure is printed with the load it was measured under."""
    return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds a phase")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--max-submissions", type=int, default=20_000, help="cap a phase")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    args.seconds = min(args.seconds, 60.0)
    sys.path.insert(0, str(BENCH))
    folder = tempfile.mkdtemp(prefix="engage-bench-submissions-")
    print(f"before: {load_average()}; {os.cpu_count()} cores", flush=True)
    benchmark(
        "SQLite",
        f"sqlite:///{folder}/engage.sqlite",
        f"sqlite:///{folder}/bare.sqlite",
        folder,
        args,
    )
    if args.database_url:
        from sqlalchemy import make_url

        from tests.conftest import reset_schema

        name = make_url(args.database_url).database or ""
        if "test" not in name and "bench" not in name:
            sys.exit(f"refusing to wipe database {name!r}: name a test or bench database")
        reset_schema(args.database_url)
        benchmark("PostgreSQL", args.database_url, args.database_url, folder, args)
    print(f"after: {load_average()}")


if __name__ == "__main__":
    main()
