"""The demo seed and the CLI's exit-code contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from flask import Flask

from engage.auth.models import User
from engage.auth.roles import Role
from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from tests.conftest import EngageClient


def test_seed_demo_is_idempotent_and_has_one_user_per_role(app: Flask, runner) -> None:
    for _ in range(2):
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        users = {u.email: u.role for u in db.session.query(User)}
        # lead@example.org (a viewer) leads Parks in the census demo; the rest: one per role
        assert users.pop("lead@example.org") == Role.VIEWER
        assert sorted(map(str, users.values())) == sorted(str(r) for r in Role)
        municipalities = db.session.query(OrgUnit).filter_by(kind=OrgUnitKind.MUNICIPALITY)
        assert municipalities.count() == 19
        assert db.session.query(OrgUnit).filter_by(kind=OrgUnitKind.DEPARTMENT).count() >= 25


def test_demo_users_sign_in_with_the_demo_password(runner, client: EngageClient) -> None:
    runner.invoke(args=["seed-demo", "--password", "another-demo-pw"])
    assert client.login("comms@example.org", "another-demo-pw").status_code == 302
    assert "Communications" in client.get("/").get_data(as_text=True)


def test_seed_demo_refused_in_production(app: Flask, runner) -> None:
    app.config["ENGAGE_ENV"] = "production"
    try:
        result = runner.invoke(args=["seed-demo"])
    finally:
        app.config["ENGAGE_ENV"] = "development"
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: seed-demo is refused when ENGAGE_ENV=production."
    ]


def _engage(database_url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``engage`` console script in a clean environment."""
    script = Path(sys.executable).with_name("engage")
    environ = {"DATABASE_URL": database_url, "SECRET_KEY": "x", "PATH": "/usr/bin:/bin", **env}
    return subprocess.run(
        [str(script), *args], capture_output=True, text=True, env=environ, check=False
    )


def test_console_script_is_a_flask_cli_group(database_url: str) -> None:
    result = _engage(database_url, "routes")
    assert result.returncode == 0, result.stderr
    assert "/healthz" in result.stdout and "auth.login" in result.stdout


def test_bad_environment_exits_2_with_one_line(database_url: str) -> None:
    result = _engage(database_url, "routes", ENGAGE_SUPPRESSION_K="3")
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: ENGAGE_SUPPRESSION_K must be at least 5, got 3"
