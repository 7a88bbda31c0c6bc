"""``engage backup`` / ``engage restore``: a restored instance serves the same reports and
responses. Runs on whichever database the suite uses (SQLite or PostgreSQL)."""

from __future__ import annotations

import io
import json
import re
import tarfile
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, text

from analysis.reports.demo import TITLE
from analysis.reports.models import AnalysisRun, Theme
from engage.demo.seed import seed_demo
from engage.extensions import db
from surveys.models import Survey
from tests.conftest import EngageClient
from tests.privacy import scan

_VOLATILE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+|(nonce=")[^"]+')
ANALYST, VIEWER = "analyst@example.org", "viewer@example.org"


@pytest.fixture
def instance(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway instance folder (exports live there), so the real one is never touched."""
    folder = tmp_path / "instance"
    monkeypatch.setattr(app, "instance_path", str(folder))
    (folder / "exports").mkdir(parents=True)
    (folder / "exports" / "survey-1.xlsx").write_bytes(b"PK\x03\x04 an export")
    return folder


def pages(app: Flask) -> dict[str, str]:
    """What analysts and viewers are served: report pages, theme pages, exports, responses."""
    with app.app_context():
        run_id = db.session.scalar(select(AnalysisRun.id).where(AnalysisRun.title == TITLE))
        theme_ids = db.session.scalars(select(Theme.id).where(Theme.run_id == run_id)).all()
        surveys = db.session.scalars(select(Survey.id).order_by(Survey.slug)).all()
    urls = [f"/reports/{run_id}"] + [f"/reports/{run_id}/themes/{t}" for t in theme_ids]
    urls += [f"/reports/{run_id}/export.csv?sheet={s}" for s in ("themes", "statistics")]
    served = {}
    for email in (ANALYST, VIEWER):
        client: EngageClient = app.test_client()
        assert client.login(email, "demo-password").status_code == 302
        mine = urls + ([f"/surveys/{s}/export.csv" for s in surveys] if email == ANALYST else [])
        for url in mine:
            reply = client.get(url, follow_redirects=True)
            body = _VOLATILE.sub(r"\1\2", reply.get_data(as_text=True))
            served[f"{email} {url}"] = f"{reply.status_code}\n{body}"
    assert sum(page.startswith("200") for page in served.values()) > 20
    return served


def contents(app: Flask) -> dict[str, list[str]]:
    """Every table's rows, order-insensitive (SQLite's full-text index by its rows, not by
    the internal segments, which a rebuild lays out differently)."""
    return {
        t: sorted(scan._key(r) for r in rows)
        for t, rows in scan.snapshot(app).items()
        if not t.startswith("tour_fts_")
    }


def empty_database(app: Flask) -> None:
    with app.app_context(), db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


def test_a_restored_instance_serves_the_same_reports_and_responses(app, runner, instance, tmp_path):
    with app.app_context():
        seed_demo("demo-password")
    before_pages, before_rows = pages(app), contents(app)
    archive = tmp_path / "engage-backup.tar.gz"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    manifest = _manifest(archive)
    assert {t["table"] for t in manifest["tables"]} == {t.name for t in db.metadata.sorted_tables}
    assert sum(t["rows"] for t in manifest["tables"]) > 1000

    empty_database(app)
    (instance / "exports" / "survey-1.xlsx").unlink()
    result = runner.invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert contents(app) == before_rows
    assert (instance / "exports" / "survey-1.xlsx").read_bytes() == b"PK\x03\x04 an export"
    after_pages = pages(app)
    assert after_pages.keys() == before_pages.keys() and len(after_pages) > 10
    for key, body in before_pages.items():
        assert after_pages[key] == body, key
    # New rows after a restore get fresh ids (PostgreSQL sequences were moved past the ids).
    with app.app_context():
        seed_demo("demo-password")


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def test_restore_refuses_a_non_empty_database_unless_forced(
    app, runner, make_user, instance, tmp_path
):
    from engage.auth.roles import Role

    make_user(Role.ADMIN, email="keep@example.org")
    archive = tmp_path / "one-user.tar.gz"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    refused = runner.invoke(args=["restore", str(archive)])
    assert refused.exit_code == 2 and "not empty" in refused.output
    assert "Traceback" not in refused.output
    forced = runner.invoke(args=["restore", "--force", str(archive)])
    assert forced.exit_code == 0, forced.output
    with app.app_context():
        assert db.session.execute(text('SELECT email FROM "user"')).scalars().all() == [
            "keep@example.org"
        ]


def _rewrite(archive: Path, target: Path, change) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    members = change(members)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_restore_refuses_damaged_foreign_and_mismatched_archives(
    app, runner, make_user, instance, tmp_path
):
    from engage.auth.roles import Role

    make_user(Role.ADMIN)
    archive = tmp_path / "good.tar.gz"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    empty_database(app)

    def tamper(members):
        name = next(n for n in members if n.endswith("_user.jsonl"))
        return {**members, name: members[name].replace(b"example.org", b"example.com")}

    def other_revision(members):
        manifest = json.loads(members["manifest.json"])
        manifest["alembic_revision"] = "0000deadbeef"
        return {**members, "manifest.json": json.dumps(manifest).encode()}

    cases = {"damaged": (tamper, "checksum"), "revision": (other_revision, "revision 0000deadbeef")}
    for name, (change, message) in cases.items():
        bad = tmp_path / f"{name}.tar.gz"
        _rewrite(archive, bad, change)
        result = runner.invoke(args=["restore", "--force", str(bad)])
        assert result.exit_code == 2 and message in result.output, (name, result.output)
    not_an_archive = tmp_path / "notes.txt"
    not_an_archive.write_text("hello")
    for path in (not_an_archive, tmp_path / "missing.tar.gz"):
        result = runner.invoke(args=["restore", str(path)])
        assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert len(scan.snapshot(app)["user"]) == 0  # nothing was half-restored
