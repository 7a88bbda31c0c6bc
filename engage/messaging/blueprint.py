"""The messaging blueprint and what its view modules share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from analysis.reports.models import AnalysisRun, ReportState, RunStatus, Theme
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from engage.messaging.models import Audience, Block, Channel, Draft

bp = Blueprint("messaging", __name__, url_prefix="/messaging")
#: Communications staff draft; analysts draft too and approve.
WRITERS = (Role.COMMUNICATIONS, Role.ANALYST)


def get_draft(draft_id: int) -> Draft:
    return db.session.get(Draft, draft_id) or abort(404)


def get_block(draft: Draft, block_id: int) -> Block:
    block = db.session.get(Block, block_id)
    if block is None or block.draft_id != draft.id:
        abort(404)
    return block


def get_theme(theme_id: int) -> Theme:
    return db.session.get(Theme, theme_id) or abort(404)


def published_runs() -> list[AnalysisRun]:
    return list(
        db.session.scalars(
            select(AnalysisRun)
            .where(
                AnalysisRun.status == RunStatus.FINISHED, AnalysisRun.state == ReportState.PUBLISHED
            )
            .order_by(AnalysisRun.id.desc())
        )
    )


def audience_choices(keep: int | None = None) -> list[tuple[int, str]]:
    """Active audiences, and ``keep`` (a draft's own audience) even when deactivated."""
    found = select(Audience).where(Audience.active | (Audience.id == keep))
    return [(a.id, a.name) for a in db.session.scalars(found.order_by(Audience.name))]


def channel_choices(keep: int | None = None) -> list[tuple[int, str]]:
    """Active channels, and ``keep`` (a draft's own channel) even when deactivated."""
    found = db.session.scalars(
        select(Channel).where(Channel.active | (Channel.id == keep)).order_by(Channel.name)
    )
    return [
        (c.id, f"{c.name} ({c.max_chars} characters)" if c.max_chars else c.name) for c in found
    ]


def attempt(action: Callable[[], Any], done: str, back: str) -> ResponseReturnValue:
    """Run a service call; commit and flash ``done``, or roll back and flash the error."""
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(back)


def draft_url(draft: Draft, anchor: str = "") -> str:
    return url_for("messaging.show", draft_id=draft.id) + (f"#{anchor}" if anchor else "")
