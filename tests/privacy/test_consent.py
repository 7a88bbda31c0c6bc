"""Quotes leave the analysts' view only with consent, and consent withdrawn after a run counts.

A listening-tour note quoted in a published report is shown to viewers while its session's
consent allows public quotation. When that consent is withdrawn later, the quote must vanish
from the report pages, every export format and messaging evidence at once; a survey answer
(respondents are never asked) and an upload row marked not quotable never appear.
"""

from __future__ import annotations

import io
import re
from datetime import date

from docx import Document
from flask import Flask
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from analysis.reports.models import RunUnit, Theme
from engage.auth.roles import Role
from engage.directory.models import QuoteConsent
from engage.extensions import db
from engage.messaging import evidence
from engage.tours.models import Note, Session
from tests.messaging.conftest import PRIVATE_QUOTE, PUBLIC_QUOTE, add_run, audience

NOTE_TEXT = "Night shift staff wait an hour for the last bus home."


def _quoted_note(app: Flask, owner_id: int) -> tuple[int, int, int]:
    """A published run whose first theme quotes a tour note; returns (run, theme, session)."""
    with app.app_context():
        run = add_run()
        session = Session(
            title="Night shift",
            kind="interview",
            status="held",
            owner_id=owner_id,
            held_on=date(2025, 5, 1),
            consent_quote=QuoteConsent.ANONYMOUS_PUBLIC,
        )
        note = Note(session=session, text=NOTE_TEXT)
        db.session.add_all([session, note])
        db.session.flush()
        unit = f"note:{note.id}"
        db.session.add(
            RunUnit(
                run_id=run.id,
                unit_id=unit,
                source=f"tour:{session.id}",
                respondent=f"session:{session.id}",
                text=NOTE_TEXT,
                attributes={"municipality": "Milwaukee"},
                quotable=True,
            )
        )
        theme = db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.position == 0))
        theme.quotes = [*theme.quotes, {"unit_id": unit, "text": NOTE_TEXT}]
        db.session.commit()
        return run.id, theme.id, session.id


def _text(fmt: str, body: bytes) -> str:
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(body))
        return " ".join(str(c) for s in book for row in s.iter_rows(values_only=True) for c in row)
    if fmt == "docx":
        doc = Document(io.BytesIO(body))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return " ".join([p.text for p in doc.paragraphs] + cells)
    if fmt == "pdf":
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8")


def seen_by_viewer(app: Flask, client, run_id: int, theme_id: int) -> dict[str, str]:
    """Everything a viewer can open about the run, as plain text with spaces normalised."""
    urls = [f"/reports/{run_id}", f"/reports/{run_id}/themes/{theme_id}"]
    urls += [f"/reports/{run_id}/export.{fmt}" for fmt in ("xlsx", "docx", "pdf")]
    urls += [f"/reports/{run_id}/export.csv?sheet={sheet}" for sheet in ("themes", "quotes")]
    seen = {}
    for url in urls:
        reply = client.get(url)
        assert reply.status_code == 200, url
        fmt = url.split("export.")[-1].split("?")[0] if "export." in url else "html"
        seen[url] = re.sub(r"\s+", " ", _text(fmt, reply.data))
    with app.app_context():
        theme = db.session.get(Theme, theme_id)
        cleared = evidence.cleared_quotes(theme, audience())
        seen["messaging evidence"] = " ".join(q["text"] for q in cleared)
    return seen


def test_withdrawn_consent_removes_a_quote_from_reports_exports_and_messaging(
    app, client, login_as
):
    viewer = login_as(Role.VIEWER)
    run_id, theme_id, session_id = _quoted_note(app, viewer.id)
    before = seen_by_viewer(app, client, run_id, theme_id)
    assert NOTE_TEXT in before[f"/reports/{run_id}/themes/{theme_id}"]
    assert PUBLIC_QUOTE in before["messaging evidence"]
    for where, body in before.items():
        assert PRIVATE_QUOTE not in body, where  # never agreed: never shown
    with app.app_context():
        db.session.get(Session, session_id).consent_quote = QuoteConsent.NONE
        db.session.commit()
    after = seen_by_viewer(app, client, run_id, theme_id)
    for where, body in after.items():
        assert NOTE_TEXT not in body and PRIVATE_QUOTE not in body, where
    assert PUBLIC_QUOTE in after[f"/reports/{run_id}/themes/{theme_id}"]
