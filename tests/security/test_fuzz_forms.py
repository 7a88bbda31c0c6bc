"""Hypothesis fuzzing of every form: >= 100 cases per POST route, never a 500.

Each route is posted with a valid CSRF token by a signed-in user whose role may use it, with
real rows behind its ids, so the cases get past the access and CSRF checks into the view. The
fields come from the forms that post to the route (read from the pages that show them), filled
with the values those pages offer, edge cases and random text, plus junk fields and files.
One test walks every route (one world for all of them, so the suite stays fast) and reports
every failing route at once, with the deepest line of the app's own code that failed.
"""

from __future__ import annotations

import io
import traceback
from collections import Counter
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from engage.auth.roles import Role
from tests.security.forms import fields_for
from tests.security.world import routes, url_for_rule, writer_role

EXAMPLES = 100
#: No shrinking: every failing route is reported at once, with the example that failed.
PHASES = [Phase.explicit, Phase.generate]
EDGES = ["", "0", "-1", "1", "2", "y", "on", "2026-01-01", "99999999999999999999", "1e309",
         "nan", "' OR 1=1--", "<script>alert(1)</script>", "=HYPERLINK(\"x\")", "x" * 5000,
         "\x00", "é😀", "../../etc/passwd", "²", "1" * 5000]  # fmt: skip
#: POST routes whose cases would end the sweep's own session.
SKIP = {"auth.logout"}
#: Endpoint names to fuzz alone while reproducing a failure (empty: every route).
ONLY: set[str] = set()


def _value(offered: set[str]) -> st.SearchStrategy[str]:
    choices = st.sampled_from(sorted(offered)) if offered else st.nothing()
    return st.one_of(choices, choices, st.sampled_from(EDGES), st.text(max_size=40))


def _form(fields: dict[str, set[str]]) -> st.SearchStrategy[dict[str, Any]]:
    known = st.fixed_dictionaries({}, optional={n: _value(v) for n, v in fields.items()})
    junk = st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=20), max_size=3)
    upload = st.tuples(st.binary(max_size=200).map(io.BytesIO), st.sampled_from(
        ["a.csv", "a.xlsx", "a.docx", "a.txt", "a.lss", "../a.csv", "a"]))  # fmt: skip
    files = st.fixed_dictionaries({}, optional={"file": upload})
    return st.builds(lambda a, b, c: {**b, **a, **c}, known, junk, files)


def _fuzz(app: Flask, client: Any, token: str, url: str, method: str, tally: Counter) -> None:
    fields = fields_for(app, client, url)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=PHASES,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(form=_form(fields))
    def case(form: dict[str, Any]) -> None:
        response = client.open(url, method=method, data={**form, "csrf_token": token})
        response.close()
        tally[response.status_code] += 1
        assert response.status_code < 500, response.status_code

    case()


def _where(exc: BaseException) -> str:
    """The deepest frame of the app's own code in the traceback."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if "/.venv/" not in f.filename and "/tests/" not in f.filename]  # fmt: skip
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


def test_every_form_survives_fuzzing(app: Flask, world: dict[str, Any]) -> None:
    clients = {}
    for role in Role:
        clients[role] = app.test_client()
        clients[role].login(world["users"][role].email)
    clients[None] = app.test_client()
    failures, tally, covered = [], Counter(), 0
    for rule, method in routes(app):
        if method != "POST" or rule.endpoint.startswith("api.") or rule.endpoint in SKIP:
            continue
        if ONLY and rule.endpoint not in ONLY:
            continue
        client = clients[writer_role(app, rule.endpoint)]
        try:
            _fuzz(app, client, client.csrf_token(), url_for_rule(rule, world), method, tally)
        except Exception as exc:  # noqa: BLE001  (every failing route is reported at once)
            failures.append((rule.rule, f"{type(exc).__name__}: {exc}"[:300], _where(exc)))
        covered += 1
    print(f"form fuzz: {covered} POST routes, {sum(tally.values())} cases, statuses {tally}")
    for failure in failures:
        print("FAIL", *failure)
    assert failures == []
