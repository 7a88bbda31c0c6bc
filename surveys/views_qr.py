"""QR code downloads of a public survey link (Distribute page)."""

from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort
from flask.typing import ResponseReturnValue

from engage.access import roles
from surveys import qr
from surveys.blueprint import STAFF, bp, managed_survey

_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


@bp.get("/<int:survey_id>/qr.<kind>")
@roles(*STAFF)
def qr_code(survey_id: int, kind: str) -> ResponseReturnValue:
    """The public link as a QR code (``svg``, or ``png`` when Pillow is installed)."""
    survey = managed_survey(survey_id)
    if not survey.public or kind not in _TYPES or (kind == "png" and not qr.HAS_PNG):
        abort(404)
    link = qr.public_link(survey)
    body = qr.svg(link) if kind == "svg" else qr.png(link)
    name = f"survey-{survey.id}-qr.{kind}"
    return HttpResponse(
        body,
        mimetype=_TYPES[kind],
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )
