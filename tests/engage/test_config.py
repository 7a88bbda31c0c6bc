"""Configuration comes from the environment, with safe defaults."""

from __future__ import annotations

import pytest

from engage.config import ConfigError, load_config


def test_defaults_are_embedded(tmp_path) -> None:
    config = load_config(tmp_path, {})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'engage.sqlite'}"
    assert config["JOBS_BACKEND"] == "inline" and config["ENGAGE_SUPPRESSION_K"] == 10
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert load_config(tmp_path, {})["SECRET_KEY"] == config["SECRET_KEY"]


def test_environment_overrides(tmp_path) -> None:
    config = load_config(
        tmp_path,
        {
            "DATABASE_URL": "postgres://u@h/db",
            "SECRET_KEY": "s",
            "JOBS_BACKEND": "rq",
            "REDIS_URL": "redis://r:6379/2",
            "ENGAGE_SUPPRESSION_K": "12",
            "ENGAGE_API_RATE_LIMIT": "60",
            "REPORTS_STALL_MINUTES": "5",
            "REPORTS_EXPORT_JOB_UNITS": "100",
            "SURVEYS_EXPORT_JOB_RESPONSES": "50",
        },
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert (config["SECRET_KEY"], config["JOBS_BACKEND"]) == ("s", "rq")
    assert config["REDIS_URL"] == "redis://r:6379/2" and config["ENGAGE_SUPPRESSION_K"] == 12
    limits = ("ENGAGE_API_RATE_LIMIT", "REPORTS_STALL_MINUTES", "REPORTS_EXPORT_JOB_UNITS")
    assert [config[name] for name in limits] == [60, 5, 100]
    assert config["SURVEYS_EXPORT_JOB_RESPONSES"] == 50


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ENGAGE_SUPPRESSION_K": "4"}, "at least 5"),
        ({"ENGAGE_SUPPRESSION_K": "ten"}, "whole number"),
        ({"JOBS_BACKEND": "celery"}, "'inline' or 'rq'"),
        ({"ENGAGE_API_RATE_LIMIT": "0"}, "ENGAGE_API_RATE_LIMIT must be at least 1"),
        ({"REPORTS_STALL_MINUTES": "half an hour"}, "REPORTS_STALL_MINUTES must be a whole"),
    ],
)
def test_bad_values_are_named(tmp_path, env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path, env)
