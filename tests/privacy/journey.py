"""A respondent's journey over real HTTP, with werkzeug's and gunicorn-style access logs.

The app is served by werkzeug's server (whose request log is the one ``engage run`` writes)
wrapped in a middleware that also writes gunicorn's access log line for every request with
gunicorn's own logger and the combined format, as ``gunicorn --access-logfile`` would.
"""

from __future__ import annotations

import logging
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import requests
from flask import Flask
from gunicorn.config import Config
from gunicorn.glogging import Logger as GunicornLogger
from werkzeug.serving import make_server

from tests.conftest import EngageClient
from tests.surveys.test_respond import PAGE1, PAGE2, post

_STATE = re.compile(r'name="state" value="([^"]+)"')
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
COMBINED = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'


class GunicornAccess:
    """WSGI middleware logging each request through gunicorn's access logger."""

    def __init__(self, app: Callable[..., Iterable[bytes]], log: GunicornLogger) -> None:
        self.app, self.log = app, log

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        seen: dict[str, Any] = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = b"".join(self.app(environ, start))
        query = environ.get("QUERY_STRING")
        environ["RAW_URI"] = environ["PATH_INFO"] + (f"?{query}" if query else "")
        headers = {k[5:].replace("_", "-"): v for k, v in environ.items() if k.startswith("HTTP_")}
        response = SimpleNamespace(status=seen["status"], headers=seen["headers"], sent=len(body))
        self.log.access(response, headers, environ, timedelta(milliseconds=3))
        return [body]


@contextmanager
def served(app: Flask, capture: logging.Handler) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1; access lines of both servers reach ``capture``."""
    with tempfile.NamedTemporaryFile(suffix=".log") as sink:
        cfg = Config()
        cfg.set("accesslog", sink.name)
        cfg.set("access_log_format", COMBINED)
        glog = GunicornLogger(cfg)
        glog.access_log.addHandler(capture)
        server = make_server("127.0.0.1", 0, GunicornAccess(app, glog), threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(10)
            server.server_close()
            for handler in list(glog.access_log.handlers):
                glog.access_log.removeHandler(handler)
                if handler is not capture:
                    handler.close()


def complete(base: str, slug: str, query: str, user_agent: str) -> requests.Response:
    """Answer the test survey's three pages in a browser-like session; returns the last reply."""
    with requests.Session() as browser:
        browser.headers["User-Agent"] = user_agent
        reply = browser.get(f"{base}/s/{slug}{query}", timeout=30)
        for data in (PAGE1, PAGE2, {"q.q13": "yes"}):
            html = reply.text
            assert reply.status_code == 200, html[:300]
            form = {"state": _STATE.search(html).group(1), "action": "next", **data}
            form["csrf_token"] = _CSRF.search(html).group(1)
            headers = {"Referer": f"{base}/s/{slug}{query}"}
            reply = browser.post(
                f"{base}/s/{slug}", data=form, headers=headers, allow_redirects=False, timeout=30
            )
        return reply


def answer(client: EngageClient, slug: str, query: str, years: int) -> int:
    """Answer the test survey with the test client (``years`` marks the response)."""
    html = client.get(f"/s/{slug}{query}").get_data(as_text=True)
    html = post(client, slug, html, PAGE1).get_data(as_text=True)
    html = post(client, slug, html, {**PAGE2, "q.q9": str(years)}).get_data(as_text=True)
    return post(client, slug, html, {"q.q13": "yes"}).status_code
