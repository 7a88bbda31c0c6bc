"""The Word copy: headings, paragraphs, claims and the evidence appendix, per language."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from docx import Document
from flask import Flask
from sqlalchemy import select

from analysis.reports.models import Theme
from engage.audit.models import AuditEvent
from engage.auth.models import User
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging import checks, drafts, exports, review
from engage.messaging.models import BlockKind, Draft
from tests.conftest import EngageClient
from tests.messaging.conftest import PUBLIC_QUOTE, add_run, new_draft

SPANISH = {0: "Autobuses: lo que escuchamos", 1: "La frecuencia de los autobuses",
           2: "Únase a una sesión de escucha."}  # fmt: skip


def approved_draft(comms: User, analyst: User, spanish: bool = False) -> Draft:
    """Heading, claim (theme, statistic and quote as evidence), call to action; approved."""
    run = add_run()
    draft = new_draft(run, comms)
    claim = draft.blocks[1]
    bus = db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.position == 0))
    drafts.insert_statistic(draft, bus, "share", "", comms, claim)
    drafts.insert_quote(draft, bus, "upload:1:0", comms, claim)
    drafts.add_block(draft, BlockKind.CALL_TO_ACTION, "Join a listening session.", comms)
    if spanish:
        for position, text in SPANISH.items():
            drafts.save_translation(draft.blocks[position], "es", text, comms)
    review.submit(draft, comms)
    blocking = [f for f in checks.all_findings(draft) if f.severity == checks.Severity.BLOCKING]
    review.approve(draft, analyst, {f.key: "Checked." for f in blocking})
    return draft


def _read(body: bytes) -> Any:
    return Document(BytesIO(body))


def test_docx_has_the_blocks_and_the_evidence_appendix(ctx: Any) -> None:
    draft = approved_draft(ctx.comms, ctx.analyst)
    found = exports.export(draft, "docx", "en", True, ctx.comms)
    assert found.mimetype == exports.FORMATS["docx"] and found.filename.endswith("-review.docx")
    doc = _read(found.body)
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Heading 1", "Bus service: what we heard") in paragraphs
    assert ("Normal", "Bus service frequency") in paragraphs  # the claim
    assert any(p.runs and p.runs[0].bold and p.text == "Join a listening session."
               for p in doc.paragraphs)  # fmt: skip
    assert ("Heading 1", "Evidence") in paragraphs
    assert ("Heading 2", "1. Bus service frequency") in paragraphs
    bullets = [text for style, text in paragraphs if style == "List Bullet"]
    assert any(re.search(r"of the 100 people heard raised .* \(n=100; report #\d+\)", b)
               for b in bullets)  # fmt: skip
    assert any(PUBLIC_QUOTE in b and "consent: Quote publicly without name" in b for b in bullets)
    assert any(b.startswith("Theme “Bus service frequency”, 72 people") for b in bullets)
    for title in ("Themes", "Statistics", "Quotes"):
        assert ("Normal", title) in paragraphs
    assert doc.core_properties.title == draft.title and doc.core_properties.language == "en-US"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "message.exported"))
    assert event.detail["format"] == "docx" and event.detail["appendix"] is True


def test_docx_public_copy_in_spanish_has_no_appendix(ctx: Any) -> None:
    draft = approved_draft(ctx.comms, ctx.analyst, spanish=True)
    body = exports.export(draft, "docx", "es", False, ctx.comms).body
    doc = _read(body)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == SPANISH[0] and SPANISH[1] in texts and "Evidence" not in texts
    assert doc.core_properties.language == "es-US"
    assert b'w:val="es-US"' in _styles_xml(body)


def _styles_xml(body: bytes) -> bytes:
    from zipfile import ZipFile

    return ZipFile(BytesIO(body)).read("word/styles.xml")


def test_docx_refused_before_approval_and_without_translation(ctx: Any) -> None:
    draft = new_draft(add_run(), ctx.comms)
    with pytest.raises(DomainError, match="once the draft is approved"):
        exports.export(draft, "docx", "en", True, ctx.comms)
    approved = approved_draft(ctx.comms, ctx.analyst)
    with pytest.raises(DomainError, match="no up-to-date es translation"):
        exports.export(approved, "docx", "es", True, ctx.comms)


def test_docx_download_through_the_export_page(
    app: Flask, client: EngageClient, make_user: Callable[..., User]
) -> None:
    comms, analyst = make_user(Role.COMMUNICATIONS), make_user(Role.ANALYST)
    with app.app_context():
        draft_id = approved_draft(db.session.merge(comms), db.session.merge(analyst)).id
        db.session.commit()
    client.login(comms.email)
    page = client.get(f"/messaging/{draft_id}/export").get_data(as_text=True)
    assert "Word document (approved drafts)" in page
    response = client.post_form(f"/messaging/{draft_id}/export",
                                {"fmt": "docx", "language": "en", "appendix": "y"})  # fmt: skip
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('-en-review.docx"')
    assert "Evidence" in [p.text for p in _read(response.get_data()).paragraphs]
