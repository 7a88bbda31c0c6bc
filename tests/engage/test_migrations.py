"""Models and the migration head agree, and migrations go down and up again."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, make_url, text

from engage import create_app
from engage.database import include_name
from engage.extensions import db


def test_models_match_migration_head(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        assert compare_metadata(context, db.metadata) == []


@pytest.fixture
def empty_database_url(database_url: str, tmp_path) -> Iterator[str]:
    """A brand-new database of the same kind as the suite's."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    url = make_url(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"engage_test_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_downgrade_upgrade(empty_database_url: str) -> None:
    app = create_app({"DATABASE_URL": empty_database_url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        assert "user" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": include_name}
            )
            assert compare_metadata(context, db.metadata) == []
        db.engine.dispose()


def test_migration_files_are_date_prefixed() -> None:
    versions = os.path.join(os.path.dirname(__file__), "..", "..", "migrations", "versions")
    names = [n for n in os.listdir(versions) if n.endswith(".py")]
    assert names and all(n[:8].isdigit() and n[8] == "_" for n in names)
