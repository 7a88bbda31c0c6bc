"""SQL injection probes on every query parameter, path token and API parameter.

The parameters are read from the source (every ``request.args.get("...")`` and
``request.values.get("...")``), so a new filter is probed without editing this file. Every GET
route gets every parameter set to each probe, with real ids in its path: no 500, no database
error text, and tokens such as ``' OR 1=1--`` open nothing.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from engage.api.tokens import create_token
from engage.auth.roles import Role
from engage.extensions import db
from engage.tours.highlight import terms
from surveys.models import Response, Survey
from tests.conftest import REPO, EngageClient
from tests.security.world import NOTE_TEXT, routes, url_for_rule, writer_role
from tests.surveys.conftest import build_survey

PROBES = [
    "' OR 1=1--", "' OR '1'='1", "1; DROP TABLE survey;--", '" OR ""="', "%' OR 1=1 --",
    "1' UNION SELECT email, password_hash FROM \"user\"--", "\\'; --", "1)) OR ((1=1",
]  # fmt: skip
#: What a database error leaks into a page.
LEAKS = re.compile(r"syntax error|sqlite3\.|psycopg|OperationalError|ProgrammingError|Traceback")
_PARAM = re.compile(r"""request\.(?:args|values|form)\.get\(\s*["'](\w+)["']""")


def query_parameters() -> set[str]:
    names = set()
    for package in ("engage", "surveys", "analysis"):
        for path in (REPO / package).rglob("*.py"):
            names |= set(_PARAM.findall(path.read_text(encoding="utf-8")))
    return names


def _check(response: Any, where: str) -> None:
    body = response.get_data().decode("utf-8", "replace")  # exports are binary
    response.close()
    assert response.status_code < 500, where
    assert not LEAKS.search(body), (where, LEAKS.search(body).group(0))


def test_every_get_route_and_parameter_resists_injection(app: Flask, world: dict[str, Any]) -> None:
    names = query_parameters()
    assert {"q", "t", "page", "lang", "org_unit"} <= names
    clients = {role: app.test_client() for role in Role}
    for role, client in clients.items():
        client.login(world["users"][role].email)
    clients[None] = app.test_client()
    probes = 0
    for rule, method in routes(app):
        if method != "GET" or rule.endpoint.startswith("api.") or rule.endpoint == "static":
            continue
        client = clients[writer_role(app, rule.endpoint)]
        for probe in PROBES:
            url = url_for_rule(rule, world)
            _check(client.get(url, query_string=dict.fromkeys(names, probe)), f"{url} {probe}")
            probes += 1
    assert probes > 500


def test_path_tokens_and_slugs_resist_injection(
    client: EngageClient, world: dict[str, Any]
) -> None:
    for probe in PROBES:
        for url in (f"/s/{probe}", f"/s/{probe}/thanks", f"/account/setup/{probe}"):
            response = client.get(url.replace("?", "%3F").replace("#", "%23"))
            assert response.status_code == 404, url
            _check(response, url)


def test_an_injected_invitation_token_opens_nothing(app: Flask, client: EngageClient) -> None:
    with app.app_context():
        survey = build_survey(public=False, slug="by-invitation")
        db.session.commit()
        question = survey.questions[0].text
    for probe in [*PROBES, "", "0" * 64]:
        response = client.get("/s/by-invitation", query_string={"t": probe})
        page = response.get_data(as_text=True)
        assert response.status_code in (403, 404), probe
        assert question not in page, probe
        answer = client.post_form("/s/by-invitation", {"t": probe, "action": "submit"})
        assert answer.status_code in (400, 403, 404), probe
    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.slug == "by-invitation"))
        count = select(func.count(Response.id)).where(Response.survey_id == survey.id)
        assert db.session.scalar(count) == 0


def test_search_boxes_treat_probes_as_text(client: EngageClient, world: dict[str, Any]) -> None:
    client.login(world["users"][Role.ANALYST].email)
    for probe in PROBES:
        for url in ("/tours/search", "/directory/stakeholders", "/admin/audit", "/reports/"):
            response = client.get(url, query_string={"q": probe})
            if terms(probe):  # a query without words lists what the user may see, by design
                assert NOTE_TEXT not in response.get_data(as_text=True), (url, probe)
            _check(response, url)


def test_api_parameters_resist_injection(app: Flask, client: EngageClient, world: dict) -> None:
    with app.app_context():
        analyst = db.session.merge(world["users"][Role.ANALYST])
        _row, raw = create_token(analyst, "probe", write=True, days=30)
        db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    names = query_parameters() | {"per_page", "cursor", "since", "status", "state"}
    for rule, method in routes(app):
        if not rule.endpoint.startswith("api.") or method != "GET":
            continue
        for probe in PROBES:
            url = url_for_rule(rule, world)
            response = client.get(url, query_string=dict.fromkeys(names, probe), headers=headers)
            _check(response, f"{url} {probe}")
        for probe in PROBES:  # as the id itself
            response = client.get(re.sub(r"/\d+", "/" + probe.replace("/", ""), url, count=1),
                                  headers=headers)  # fmt: skip
            _check(response, f"{url} id={probe}")
    bad = client.get("/api/v1/surveys", headers={"Authorization": "Bearer ' OR 1=1--"})
    assert bad.status_code == 401
