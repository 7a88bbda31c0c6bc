"""Codebook, applying codes, counts and co-occurrence, kappa, exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from flask import Flask
from openpyxl import load_workbook
from sklearn.metrics import cohen_kappa_score

from engage.audit.models import AuditEvent
from engage.auth.models import User
from engage.auth.roles import Role
from engage.demo.seed import milwaukee
from engage.extensions import db
from engage.spreadsheets import neutralise
from engage.tours.coding import compare_coders, seed_strategic_codebook
from engage.tours.kappa import cohen_kappa, coverage, span_kappa
from engage.tours.models import Code, CodedSpan, Note
from tests.conftest import EngageClient
from tests.tours.conftest import notes_of, set_note


def test_kappa_matches_a_hand_computed_example() -> None:
    # 10 units; agreement on 8 -> po = 0.8; each rater says yes 4 times -> pe = .4*.4 + .6*.6
    # = 0.52; kappa = (0.8 - 0.52) / (1 - 0.52) = 0.28 / 0.48 = 0.58333...
    a = [1, 1, 0, 0, 1, 0, 1, 0, 0, 0]
    b = [1, 0, 0, 0, 1, 0, 1, 1, 0, 0]
    assert cohen_kappa(a, b) == pytest.approx(7 / 12)
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))


def test_kappa_edges() -> None:
    assert cohen_kappa([1, 1, 0], [1, 1, 0]) == 1.0
    assert cohen_kappa([0, 0, 0], [0, 0, 0]) == 1.0  # nobody coded: full agreement
    assert cohen_kappa([1, 0], [0, 1]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        cohen_kappa([1], [1, 0])
    assert coverage(6, [(1, 3), (2, 4)]) == [False, True, True, True, False, False]
    assert span_kappa(10, [(0, 5)], [(0, 5)]) == 1.0


def test_strategic_codebook_seed_is_idempotent(app: Flask) -> None:
    plan = milwaukee()["strategic_plan"]
    with app.app_context():
        assert seed_strategic_codebook(plan) == 12
        assert seed_strategic_codebook(plan) == 0
        db.session.commit()
        bridge = db.session.query(Code).filter_by(name="Bridge the Gap").one()
        assert len(bridge.children) == 3
        assert (
            bridge.children[2].path
            == "Bridge the Gap › Apply a racial equity lens to all decisions"
        )


def _code(client: EngageClient, session_id: int, note_id: int, code_id: int, exact: str) -> object:
    data = {
        "code-note_id": str(note_id),
        "code-code_id": str(code_id),
        "code-exact": exact,
        "code-csrf_token": client.csrf_token(),
    }
    return client.post(f"/tours/sessions/{session_id}/codes", data=data)


@pytest.fixture
def coded(
    app: Flask,
    client: EngageClient,
    make_user: Callable[..., User],
    make_session: Callable,
) -> dict[str, int]:
    """One note coded by two fellows (both see it: one owns it, it is shared with the other)."""
    first, second = make_user(Role.FELLOW, name="Ana"), make_user(Role.FELLOW, name="Ben")
    session_id = make_session(first, shared_with=[second.id])
    note_id = notes_of(app, session_id)[0][0]
    set_note(app, note_id, "=cmd| Buses are late. Parks feel unsafe at night. Hiring is slow.")
    with app.app_context():
        seed_strategic_codebook(milwaukee()["strategic_plan"])
        db.session.commit()
        ids = {c.name: c.id for c in db.session.query(Code)}
    access, diversity = ids["Bridge the Gap"], ids["Create Intentional Inclusion"]
    client.login(first.email)
    assert _code(client, session_id, note_id, access, "Buses are late.").status_code == 302
    _code(client, session_id, note_id, access, "Parks feel unsafe at night.")
    _code(client, session_id, note_id, diversity, "Parks feel unsafe")
    client.post_form("/logout")
    client.login(second.email)
    _code(client, session_id, note_id, access, "Buses are late.")
    _code(client, session_id, note_id, diversity, "Hiring is slow.")
    return {
        "note": note_id,
        "first": first.id,
        "second": second.id,
        "access": access,
        "diversity": diversity,
        "session": session_id,
    }


def test_counts_co_occurrence_and_agreement(
    app: Flask, client: EngageClient, coded: dict[str, int]
) -> None:
    page = client.get("/tours/coding").get_data(as_text=True)
    assert "Bridge the Gap</td><td>3</td><td>1</td>" in page
    assert "Create Intentional Inclusion</td><td>Bridge the Gap</td><td>1</td>" in page or (
        "Bridge the Gap</td><td>Create Intentional Inclusion</td><td>1</td>" in page
    )
    with app.app_context():
        note = db.session.get(Note, coded["note"])
        rows = {r.code.name: r for r in compare_coders(note, coded["first"], coded["second"])}
        length = len(note.text)
        a = coverage(length, [(6, 21), (22, 49)])
        b = coverage(length, [(6, 21)])
        assert rows["Bridge the Gap"].kappa == pytest.approx(cohen_kappa_score(a, b))
        assert rows["Create Intentional Inclusion"].kappa < 0.2
    page = client.get(f"/tours/coding/agreement/{coded['note']}").get_data(as_text=True)
    assert "Agreement per code" in page and "Bridge the Gap" in page


def test_code_must_be_in_the_note(app: Flask, client: EngageClient, coded: dict[str, int]) -> None:
    response = _code(client, coded["session"], coded["note"], coded["access"], "not there")
    assert response.status_code == 400
    assert "Those exact words are not in the saved note." in response.get_data(as_text=True)


def test_exports_neutralise_formulas_and_are_audited(
    app: Flask, client: EngageClient, coded: dict[str, int], login_as: Callable
) -> None:
    with app.app_context():
        span = db.session.query(CodedSpan).first()
        span.text = '=HYPERLINK("http://x")'
        db.session.commit()
    client.post_form("/logout")
    assert client.get("/tours/export/segments.csv").status_code == 302  # signed out
    login_as(Role.FELLOW)
    assert client.get("/tours/export/segments.csv").status_code == 403
    client.post_form("/logout")
    login_as(Role.ANALYST)
    response = client.get("/tours/export/segments.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["session_id", "session", "date"]
    assert '\'=HYPERLINK("http://x")' in [r[10] for r in rows[1:]]
    book = load_workbook(io.BytesIO(client.get("/tours/export/codebook.xlsx").get_data()))
    names = [row[3] for row in book.active.iter_rows(values_only=True)]
    assert "Bridge the Gap" in names
    with app.app_context():
        actions = {e.action for e in db.session.query(AuditEvent)}
        assert {"tour_export.segments", "tour_export.codebook"} <= actions


def test_neutralise() -> None:
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(bad) == "'" + bad
    assert neutralise("safe") == "safe" and neutralise(-3) == -3
