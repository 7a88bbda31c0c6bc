"""Census pages: one blueprint, views split by concern."""

from flask import Blueprint

bp = Blueprint("census", __name__, url_prefix="/census")

from engage.census import panels  # noqa: E402,F401  (registers the home panels)
from engage.census.views import admin, overview, reminders, tracking, waves  # noqa: E402,F401
