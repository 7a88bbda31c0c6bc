"""QR codes of a survey's public link, for printed flyers and posters.

Made with ``qrcode`` (pure Python): SVG always, PNG when Pillow is installed. Error correction
level M survives small smudges and folds on paper while keeping the code small enough to scan
from a flyer. The link is absolute and built from ``ENGAGE_BASE_URL`` (engage.urls), never
from the request's Host header, so a printed code always points at the real site.
"""

from __future__ import annotations

import importlib.util
import io

import qrcode
from qrcode.image.svg import SvgPathImage

from engage.urls import external_url
from surveys.models import Survey

#: Pillow is optional for Engage: without it only the SVG is offered
HAS_PNG = importlib.util.find_spec("PIL") is not None


def public_link(survey: Survey) -> str:
    """The absolute public link ``/s/<slug>`` that the code encodes."""
    return external_url("respond.page", slug=survey.slug)


def make_code(data: str) -> qrcode.QRCode:
    """The smallest QR code (level M, the standard 4-module quiet zone) holding ``data``."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code


def svg(data: str) -> bytes:
    """A scalable SVG (one path, black on white) for print."""
    out = io.BytesIO()
    make_code(data).make_image(image_factory=SvgPathImage).save(out)
    return out.getvalue()


def png(data: str, box_size: int = 10) -> bytes:
    """A PNG with ``box_size`` pixels per module; requires Pillow (see ``HAS_PNG``)."""
    code = make_code(data)
    code.box_size = box_size
    out = io.BytesIO()
    code.make_image().save(out, format="PNG")
    return out.getvalue()
