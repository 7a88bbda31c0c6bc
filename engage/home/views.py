"""The home page: what needs this person's attention."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from engage.access import signed_in
from engage.home.services import attention_items

bp = Blueprint("home", __name__)


@bp.get("/")
@signed_in
def index() -> ResponseReturnValue:
    return render_template("home/index.html", panels=attention_items(current_user))
