"""Engage: surveys, listening tours and themed feedback for public-sector equity work."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

ROOT = Path(__file__).resolve().parent.parent
MAX_DATABASE_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` limited to what an INTEGER primary key can hold."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_DATABASE_ID)
        super().__init__(map, *args, **kwargs)


def create_app(config_overrides: dict[str, Any] | None = None) -> Flask:
    """Build the Engage application.

    Args:
        config_overrides: settings applied after the environment (tests pass these).
    """
    from engage.config import load_config
    from engage.database import engine_options
    from engage.requests import EngageRequest

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
    )
    # Ids in URLs must fit the databases' integer columns: larger ones are a 404, not a
    # PostgreSQL overflow error (a 500).
    app.url_map.converters["int"] = DatabaseIdConverter
    app.request_class = EngageRequest
    overrides = dict(config_overrides or {})
    app.config.update(load_config(Path(app.instance_path)))
    if "DATABASE_URL" in overrides:
        app.config["SQLALCHEMY_DATABASE_URI"] = overrides.pop("DATABASE_URL")
    app.config.update(overrides)
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    _init_extensions(app)
    _register_blueprints(app)
    from engage.cli import register_commands

    register_commands(app)
    _freeze_startup_objects()
    return app


def _freeze_startup_objects() -> None:
    """Keep the garbage collector off the objects built so far: they live as long as the process.

    Imports, models and the app are some 300,000 objects that every full collection walked
    (a pause of a tenth of a second or more per worker, every thousand requests or so); in
    gunicorn workers forked after ``--preload`` it also copied every memory page it touched.
    Garbage is collected first, so none is kept for good.
    """
    gc.collect()
    gc.freeze()


def _init_extensions(app: Flask) -> None:
    from engage import models  # noqa: F401  (registers every table)
    from engage.access import enforce_access
    from engage.auth.loader import init_login
    from engage.database import init_database
    from engage.errors_views import init_error_pages
    from engage.extensions import csrf, db, migrate
    from engage.i18n import init_i18n
    from engage.jobs.services import init_jobs
    from engage.privacy.logs import init_access_logs
    from engage.security import init_security
    from engage.templating import init_templating

    db.init_app(app)
    with app.app_context():
        init_database(app, db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    init_login(app)
    init_i18n(app)
    init_security(app)
    init_access_logs()
    init_error_pages(app)
    init_templating(app)
    init_jobs(app)
    app.before_request(enforce_access)


def _register_blueprints(app: Flask) -> None:
    from analysis.reports.views import bp as reports_bp
    from engage.access import public
    from engage.admin.views import bp as admin_bp
    from engage.auth.views import bp as auth_bp
    from engage.census.views import bp as census_bp
    from engage.directory.views import bp as directory_bp
    from engage.health import bp as health_bp
    from engage.home.views import bp as home_bp
    from engage.jobs.views import bp as jobs_bp
    from engage.messaging.views import bp as messaging_bp
    from engage.tours.views import bp as tours_bp
    from surveys.importers.views import bp as imports_bp
    from surveys.respond import bp as respond_bp
    from surveys.views import bp as surveys_bp

    for blueprint in (auth_bp, admin_bp, directory_bp, health_bp, home_bp, jobs_bp, tours_bp):
        app.register_blueprint(blueprint)
    for blueprint in (surveys_bp, respond_bp, reports_bp, census_bp, messaging_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(imports_bp)
    _register_api(app)
    public(app.view_functions["static"])


def _register_api(app: Flask) -> None:
    from engage.api.views import bp as api_bp
    from engage.api.views_tokens import bp as tokens_bp
    from engage.extensions import csrf

    # Only the API is exempt from CSRF: it accepts bearer tokens and never the session cookie.
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(tokens_bp)
