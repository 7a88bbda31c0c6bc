"""QR codes of a survey's public link: they decode to the configured absolute link."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

import pytest
import zxingcpp
from PIL import Image

from engage.auth.roles import Role
from surveys import qr

BASE = "https://engage.example.org"
SQUARE = re.compile(r"M(\d+),(\d+)H(\d+)V(\d+)H\1z")


@pytest.fixture
def based(app):
    """Links are built from ENGAGE_BASE_URL, never from the request's Host header."""
    before = app.config["ENGAGE_BASE_URL"]
    app.config["ENGAGE_BASE_URL"] = BASE
    yield app
    app.config["ENGAGE_BASE_URL"] = before


def _decoded(png: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def _svg_modules(svg: bytes) -> set[tuple[int, int]]:
    """The dark modules of an SVG path made of unit squares, as (column, row)."""
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
    path = root.find("{http://www.w3.org/2000/svg}path").get("d")
    squares = SQUARE.findall(path)
    assert squares and all(int(x2) - int(x) == 1 for x, _y, x2, _y2 in squares)
    return {(int(x), int(y)) for x, y, _x2, _y2 in squares}


def test_manager_downloads_qr_codes_that_decode_to_the_public_link(
    based, client, login_as, make_survey
):
    login_as(Role.ANALYST)
    survey = make_survey()
    link = f"{BASE}/s/{survey.slug}"

    page = client.get(f"/surveys/{survey.id}/invitations").get_data(as_text=True)
    assert link in page and f"/surveys/{survey.id}/qr.svg" in page

    png = client.get(f"/surveys/{survey.id}/qr.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert _decoded(png.data) == [link]

    svg = client.get(f"/surveys/{survey.id}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert "attachment" in svg.headers["Content-Disposition"]
    matrix = qr.make_code(link).get_matrix()  # includes the quiet zone
    dark = {(x, y) for y, row in enumerate(matrix) for x, on in enumerate(row) if on}
    assert _svg_modules(svg.data) == dark


def test_svg_is_the_same_code_as_the_png(app):
    link = "https://engage.example.org/s/Ab_c-123?lang=es"
    assert _decoded(qr.png(link, box_size=4)) == [link]
    matrix = qr.make_code(link).get_matrix()
    assert len(_svg_modules(qr.svg(link))) == sum(map(sum, matrix))


def test_qr_codes_are_refused_to_others_and_for_invitation_only_surveys(
    based, client, login_as, make_survey
):
    fellow = login_as(Role.FELLOW)
    other = make_survey()  # created by someone else, not shared with this fellow
    assert client.get(f"/surveys/{other.id}/qr.svg").status_code == 403
    private = make_survey(public=False, owner_id=fellow.id)
    assert client.get(f"/surveys/{private.id}/qr.svg").status_code == 404
    own = make_survey(owner_id=fellow.id)
    assert client.get(f"/surveys/{own.id}/qr.svg").status_code == 200
    assert client.get(f"/surveys/{own.id}/qr.gif").status_code == 404


def test_anonymous_and_viewer_cannot_download(client, login_as, make_survey):
    survey = make_survey()
    assert client.get(f"/surveys/{survey.id}/qr.svg").status_code == 302  # to sign-in
    login_as(Role.VIEWER)
    assert client.get(f"/surveys/{survey.id}/qr.svg").status_code == 403
