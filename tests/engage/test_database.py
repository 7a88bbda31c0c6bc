"""Pooled connections: one the server closed is replaced before a request gets it."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from engage.extensions import db
from tests.conftest import EngageClient


def test_connections_the_server_closed_are_replaced_not_a_503(
    app: Flask, client: EngageClient
) -> None:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("only a PostgreSQL server closes connections on its side")
        url = db.engine.url
    assert [client.get("/healthz").status_code for _ in range(3)] == [200] * 3
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # what a server restart does to every pooled connection
        # the timeout makes the call wait until each backend has exited (as after a restart);
        # without it a request could race the backend that is still shutting down
        closed = conn.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    admin.dispose()
    assert closed >= 1
    assert [client.get("/healthz").status_code for _ in range(3)] == [200] * 3
