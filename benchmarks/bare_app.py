"""The baseline for ``submissions.py``: a bare Flask respondent endpoint, no Engage code.

It does the least a signed-form submission can do: GET hands out a form whose hidden field is
a signed random key; POST checks the signature and inserts one row whose primary key is that
key (so a resubmission is refused by the database, as Engage's receipt is), then redirects.
Served by gunicorn as ``bare_app:create_app()`` with ``DATABASE_URL`` and ``SECRET_KEY`` set.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask, abort, redirect, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

FORM = """<!doctype html><html lang="en"><title>Survey</title><form method="post">
<input type="hidden" name="state" value="{state}">
<label>Comment <textarea name="q.q5"></textarea></label>
<button name="action" value="next">Send</button></form></html>"""
TABLE = "CREATE TABLE IF NOT EXISTS bench_submission (key VARCHAR(64) PRIMARY KEY, answer TEXT)"


def make_engine(url: str) -> Engine:
    """The engine with the same SQLite settings Engage uses (WAL, busy timeout)."""
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            for pragma in ("journal_mode=WAL", "busy_timeout=15000", "synchronous=NORMAL"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

    return engine


def create_app() -> Flask:
    app = Flask(__name__)
    signer = URLSafeSerializer(os.environ["SECRET_KEY"], salt="bare-form")
    engine = make_engine(os.environ["DATABASE_URL"])

    @app.get("/s/bare")
    def page() -> Any:
        return FORM.format(state=signer.dumps({"key": secrets.token_hex(16)}))

    @app.post("/s/bare")
    def answer() -> Any:
        try:
            state = signer.loads(request.form.get("state", ""))
        except BadSignature:
            abort(400)
        row = {"key": state["key"], "answer": request.form.get("q.q5", "")[:10_000]}
        try:
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO bench_submission VALUES (:key, :answer)"), row)
        except IntegrityError:
            abort(409)
        return redirect("/s/bare/thanks", 303)

    return app
