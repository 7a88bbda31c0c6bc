"""Server CPU per respondent flow (GET the page, POST the answers), Engage beside bare Flask.

The same survey and answers as ``submissions.py`` (its seeding is imported, not copied), but
in one process, no HTTP server and no client threads: each request's WSGI environ is built
beforehand and only the application's call (body included) is timed with
``time.process_time``. Client work and the machine's other load stay out of the figure, which
makes it the one to iterate on; ``submissions.py`` remains the end-to-end measurement.

Run from the repository root:
``.venv/bin/python benchmarks/submission_profile.py [--flows N] [--profile engage|bare]``
(``--database-url`` for a scratch PostgreSQL database; it is wiped like in submissions.py).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from werkzeug.test import EnvironBuilder

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import submissions  # noqa: E402  (after the path: it puts the repository root on sys.path)

Flow = Callable[[str], None]
HOST = f"{submissions.HOST}:8000"


class Caller:
    """Calls a WSGI app like a browser with one cookie jar; counts only the app's CPU time."""

    def __init__(self, app: Any) -> None:
        self.app, self.cookies, self.cpu = app, {}, 0.0
        self.profiler: cProfile.Profile | None = None

    def request(self, method: str, path: str, form: dict[str, Any] | None = None) -> str:
        data = urlencode(form, doseq=True) if form is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        builder = EnvironBuilder(
            path=path,
            method=method,
            base_url=f"http://{HOST}",
            headers=headers,
            data=data,
            content_type="application/x-www-form-urlencoded" if data is not None else None,
        )
        environ = builder.get_environ()
        builder.close()
        seen: dict[str, Any] = {}

        def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
            seen["status"], seen["headers"] = status, response_headers

        if self.profiler:
            self.profiler.enable()
        started = time.process_time()
        result = self.app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self.cpu += time.process_time() - started
        if self.profiler:
            self.profiler.disable()
        for name, value in seen["headers"]:
            if name.lower() == "set-cookie":
                self.cookies.update({k: m.value for k, m in SimpleCookie(value).items()})
        status = seen["status"]
        expected = "303" if method == "POST" else "200"
        if not status.startswith(expected):
            raise RuntimeError(f"{method} {path}: {status}\n{body[:2000]!r}")
        return body.decode()

    def flow(self, path: str, marker: str) -> None:
        """One new respondent: GET the form, POST the answers (expects 200, then 303)."""
        self.cookies.clear()
        html = self.request("GET", path)
        form = {name: unescape(value) for name, value in submissions.HIDDEN.findall(html)}
        self.request("POST", path, {**form, **submissions.ANSWERS, "q.q5": marker})


def engage_caller(url: str, folder: str) -> tuple[Caller, str, Callable[[], int]]:
    app, slug, comment_id = submissions.seed_engage(url, folder)

    def stored() -> int:
        return len(submissions.stored_engage(app, comment_id))

    return Caller(app), f"/s/{slug}", stored


def bare_caller(url: str) -> tuple[Caller, str, Callable[[], int]]:
    import bare_app

    submissions.prepare_bare(url)
    os.environ["DATABASE_URL"] = url
    app = bare_app.create_app()
    return Caller(app), "/s/bare", lambda: len(submissions.stored_bare(url))


class ServerCpu:
    """CPU seconds of the PostgreSQL backends serving one database so far (Linux /proc).

    The application's own time leaves out the database's work per flow (parsing, index and
    foreign key checks, commits), which shares the same cores under gunicorn.
    """

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        self.engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))

    def __call__(self) -> dict[int, float]:
        from sqlalchemy import text

        query = text(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        with self.engine.connect() as conn:
            pids = list(conn.scalars(query))
        tick, seconds = os.sysconf("SC_CLK_TCK"), {}
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a backend that just ended
            seconds[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        return seconds


def measure(
    name: str,
    made: tuple[Caller, str, Callable[[], int]],
    flows: int,
    profile: str,
    server: ServerCpu | None = None,
) -> tuple[float, float]:
    """CPU ms per flow after a warm-up, and the database server's (0 without ``server``).

    Checks every flow was stored exactly once. ``profile``: a file to dump the application's
    cProfile statistics to, and print the top 30 of (only the application's calls are
    profiled, not the request building).
    """
    caller, path, stored = made
    for n in range(50):
        caller.flow(path, f"{name}-w{n}")
    caller.cpu = 0.0
    before = server() if server else {}
    profiler = caller.profiler = cProfile.Profile() if profile else None
    for n in range(flows):
        caller.flow(path, f"{name}-m{n}")
    caller.profiler = None
    after = server() if server else {}
    per_flow = caller.cpu * 1000 / flows
    database = sum(after[pid] - before.get(pid, 0.0) for pid in after) * 1000 / flows
    count = stored()
    if count != flows + 50:
        raise RuntimeError(f"{name}: {count} stored, {flows + 50} submitted")
    if profiler:
        profiler.dump_stats(profile)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(30)
        print(out.getvalue())
        print(f"by package (profiled ms per flow; stats in {profile}):")
        for where, seconds in by_package(stats).most_common(25):
            print(f"  {seconds * 1000 / flows:7.3f}  {where}")
    return per_flow, database


def by_package(stats: pstats.Stats) -> Counter[str]:
    """Own time per installed package, repository module, stdlib module or builtin."""
    totals: Counter[str] = Counter()
    for (path, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        if "site-packages/" in path:
            where = path.split("site-packages/")[1].split("/")[0]
        elif path.startswith(str(submissions.ROOT)):
            where = os.path.relpath(path, submissions.ROOT)
        elif path == "~":
            where = function
        else:
            where = "stdlib " + os.path.basename(path)
        totals[where] += row[2]
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--flows", type=int, default=2000, help="measured flows per side")
    parser.add_argument("--profile", choices=("engage", "bare"), help="cProfile one side")
    parser.add_argument("--profile-file", help="its stats (default: in the temp directory)")
    parser.add_argument("--database-url", default="", help="a scratch PostgreSQL database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="engage-submission-profile-") as folder:
        run(args, folder)


def run(args: argparse.Namespace, folder: str) -> None:
    """Both sides on databases in ``folder`` (SQLite) or on ``--database-url``."""

    def profile_file(side: str) -> str:
        if args.profile != side:
            return ""
        default = os.path.join(tempfile.gettempdir(), f"submission_profile-{side}.prof")
        return args.profile_file or default

    os.environ.update(
        {"SECRET_KEY": submissions.SECRET, "ENGAGE_CACHE_DIR": folder, "JOBS_BACKEND": "inline"}
    )
    os.environ["ENGAGE_BASE_URL"] = f"http://{HOST}"
    server = None
    if args.database_url:
        from sqlalchemy import make_url

        from tests.conftest import reset_schema

        name = make_url(args.database_url).database or ""
        if "test" not in name and "bench" not in name:
            sys.exit(f"refusing to wipe database {name!r}: name a test or bench database")
        reset_schema(args.database_url)
        engage_url = bare_url = args.database_url
        server = ServerCpu(args.database_url)
    else:
        engage_url = f"sqlite:///{folder}/engage.sqlite"
        bare_url = f"sqlite:///{folder}/bare.sqlite"
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    made = engage_caller(engage_url, folder)
    engage, engage_db = measure("engage", made, args.flows, profile_file("engage"), server)
    bare, bare_db = measure("bare", bare_caller(bare_url), args.flows, profile_file("bare"), server)
    kind = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"{kind}, {args.flows} flows each: engage {engage:.2f} ms CPU/flow, "
        f"bare {bare:.2f} ms CPU/flow, ratio {engage / bare:.2f}"
    )
    if server:
        server.engine.dispose()
        print(
            f"  PostgreSQL backends: engage {engage_db:.2f} ms CPU/flow, bare {bare_db:.2f}; "
            f"application + database: ratio {(engage + engage_db) / (bare + bare_db):.2f}"
        )


if __name__ == "__main__":
    main()
