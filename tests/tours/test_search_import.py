"""Full-text search (FTS5 / tsvector), coverage, and importing notes with a preview."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

from docx import Document
from flask import Flask

from engage.auth.roles import Role
from engage.extensions import db
from engage.tours.models import Session
from tests.conftest import EngageClient
from tests.tours.conftest import notes_of, set_note


def _session_with_text(app: Flask, make_session: Callable, owner, text: str, **values) -> int:
    session_id = make_session(owner, **values)
    set_note(app, notes_of(app, session_id)[0][0], text)
    return session_id


def test_search_finds_prefixes_highlights_safely_and_filters(
    app: Flask, client: EngageClient, login_as: Callable, make_session: Callable, units: dict
) -> None:
    fellow = login_as(Role.FELLOW)
    _session_with_text(
        app,
        make_session,
        fellow,
        "Transit <script>x</script> routes skip Cudahy.",
        title="Cudahy visit",
        org_units=[units["Cudahy"]],
        kind="meeting",
    )
    _session_with_text(
        app,
        make_session,
        fellow,
        "Transportation budget for Parks.",
        title="Parks chat",
        org_units=[units["Parks"]],
        held_on=date(2024, 1, 2),
    )
    page = client.get("/tours/search?q=transi").get_data(as_text=True)
    assert "<mark>Transit</mark> &lt;script&gt;" in page and "<script>x" not in page
    assert "Cudahy visit" in page and "Parks chat" not in page  # "transi" is no prefix of the other
    page = client.get("/tours/search?q=trans").get_data(as_text=True)
    assert "Cudahy visit" in page and "Parks chat" in page
    page = client.get(f"/tours/search?q=trans&org_unit={units['Parks']}").get_data(as_text=True)
    assert "Parks chat" in page and "Cudahy visit" not in page
    page = client.get("/tours/search?q=trans&kind=meeting").get_data(as_text=True)
    assert "Cudahy visit" in page and "Parks chat" not in page
    page = client.get("/tours/search?q=trans&until=2024-12-31").get_data(as_text=True)
    assert "Parks chat" in page and "Cudahy visit" not in page
    page = client.get("/tours/search?q=routes+cudahy").get_data(as_text=True)
    assert "Cudahy visit" in page  # all words, any order, case-insensitive


def test_search_handles_operators_and_edits(
    app: Flask, client: EngageClient, login_as: Callable, make_session: Callable
) -> None:
    fellow = login_as(Role.FELLOW)
    session_id = _session_with_text(app, make_session, fellow, "Educación y parques")
    page = client.get('/tours/search?q="educ* OR) AND').get_data(as_text=True)
    assert "0 results" in page or "Educación" in page  # no syntax error from FTS operators
    set_note(app, notes_of(app, session_id)[0][0], "Libraries close early")
    assert "Libraries" in client.get("/tours/search?q=librar").get_data(as_text=True)
    assert "1 results" not in client.get("/tours/search?q=parques").get_data(as_text=True)


def test_search_never_shows_other_fellows_notes(
    app: Flask,
    client: EngageClient,
    login_as: Callable,
    make_user: Callable,
    make_session: Callable,
) -> None:
    other = make_user(Role.FELLOW)
    _session_with_text(app, make_session, other, "Confidential housing remarks", title="Theirs")
    login_as(Role.FELLOW)
    page = client.get("/tours/search?q=housing").get_data(as_text=True)
    assert "Theirs" not in page and "Confidential" not in page
    client.post_form("/logout")
    login_as(Role.ANALYST)
    assert "Theirs" in client.get("/tours/search?q=housing").get_data(as_text=True)


def test_coverage_lists_gaps_first(
    client: EngageClient, login_as: Callable, make_session: Callable, units: dict
) -> None:
    fellow = login_as(Role.FELLOW)
    make_session(fellow, org_units=[units["Parks"]], anonymous_count=12, anonymous_role="resident")
    make_session(fellow, org_units=[units["Cudahy"]], status="planned", held_on=date(2099, 1, 1))
    page = client.get("/tours/coverage").get_data(as_text=True)
    assert "1 of 3 departments and municipalities heard" in page
    table = re.sub(r">\s+<", "><", page[page.index("<caption>Coverage by org unit") :])
    assert table.index("Cudahy") < table.index("West Allis") < table.index(">Parks<")
    assert "<td>1</td><td>12</td><td>2025-03-14</td>" in table
    assert 'role="img"' in page


def _docx(text: str) -> bytes:
    document = Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client: EngageClient, name: str, data: bytes, **fields: str) -> object:
    form = {"kind": "interview", "held_on": "", **fields}
    form["file"] = (io.BytesIO(data), name)
    return client.post_form("/tours/import", form, content_type="multipart/form-data")


def test_import_docx_with_preview_then_confirm(
    app: Flask, client: EngageClient, login_as: Callable, units: dict
) -> None:
    login_as(Role.FELLOW)
    data = _docx(
        "Title: West Allis clerks\nDate: 2025-02-03\nOrg units: West Allis\n\n"
        "Permits take weeks.\nForms only in English."
    )
    response = _upload(client, "clerks.docx", data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "West Allis clerks" in page and "Permits take weeks." in page
    with app.app_context():
        assert db.session.query(Session).count() == 0  # preview writes nothing
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    assert client.post_form("/tours/import/confirm", {"token": token}).status_code == 302
    with app.app_context():
        session = db.session.query(Session).one()
        assert session.held_on == date(2025, 2, 3) and [u.name for u in session.org_units] == [
            "West Allis"
        ]
        assert session.notes[-1].text == "Permits take weeks.\nForms only in English."


def test_import_csv_reports_each_bad_row_and_saves_nothing(
    app: Flask, client: EngageClient, login_as: Callable, units: dict
) -> None:
    login_as(Role.FELLOW)
    csv_text = (
        "title,date,kind,org_units,notes\n"
        "Parks staff,2025-01-10,meeting,Parks,Trails need repair\n"
        "Shorewood,2025-13-01,interview,Shorewood,Library hours\n"
        ",2025-01-11,picnic,Parks,\n"
    )
    response = _upload(client, "tour.csv", csv_text.encode())
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "2 of 3 rows have problems; nothing was saved." in page
    assert "No org unit is called &#39;Shorewood&#39;." in page
    assert "Date &#39;2025-13-01&#39; is not a date" in page
    assert "Kind &#39;picnic&#39; is not interview" in page and "A title is required." in page
    assert 'name="token"' not in page.split("<h2>Upload")[0] or "Import 3 sessions" not in page
    with app.app_context():
        assert db.session.query(Session).count() == 0


def test_import_refuses_other_files_and_tampered_previews(
    client: EngageClient, login_as: Callable
) -> None:
    login_as(Role.FELLOW)
    response = _upload(client, "notes.pdf", b"%PDF-1.4")
    assert "Upload a .docx, .txt or .csv file." in response.get_data(as_text=True)
    response = _upload(client, "broken.docx", b"not a zip")
    assert "not a readable Word (.docx) document" in response.get_data(as_text=True)
    response = client.post_form("/tours/import/confirm", {"token": "forged"}, follow_redirects=True)
    assert "The preview could not be read" in response.get_data(as_text=True)


def test_import_txt_uses_form_defaults(
    app: Flask, client: EngageClient, login_as: Callable, units: dict
) -> None:
    login_as(Role.FELLOW)
    response = _upload(
        client,
        "Cudahy town hall.txt",
        "Residents asked for bus shelters.".encode("cp1252"),
        kind="town_hall",
        held_on="2025-04-01",
        org_units="Cudahy",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Cudahy town hall" in page and "town_hall" in page


def test_search_by_code_and_fellow(
    app: Flask,
    client: EngageClient,
    login_as: Callable,
    make_user: Callable,
    make_session: Callable,
) -> None:
    from engage.demo.seed import milwaukee
    from engage.tours.coding import apply_code, seed_strategic_codebook
    from engage.tours.models import Code, Note

    analyst = login_as(Role.ANALYST)
    fellow = make_user(Role.FELLOW, name="Fiona")
    coded = _session_with_text(
        app, make_session, fellow, "Hire from the neighbourhood", title="Coded"
    )
    _session_with_text(app, make_session, analyst, "Hire more nurses", title="Uncoded")
    with app.app_context():
        seed_strategic_codebook(milwaukee()["strategic_plan"])
        child = db.session.query(Code).filter(Code.name.startswith("Reflect the full")).one()
        note = db.session.query(Note).filter_by(session_id=coded, guide_question_id=None).one()
        apply_code(
            note, child.id, start=None, end=None, exact="Hire", coder=db.session.merge(analyst)
        )
        db.session.commit()
        parent_id = child.parent_id
    page = client.get(f"/tours/search?q=hire&code={parent_id}").get_data(as_text=True)
    assert "Coded" in page and "Uncoded" not in page  # a parent code includes its sub-codes
    page = client.get(f"/tours/search?q=hire&fellow={fellow.id}").get_data(as_text=True)
    assert "Coded" in page and "Uncoded" not in page
    page = client.get("/tours/search?q=diversity").get_data(as_text=True)
    assert "Reflect the full <mark>diversity</mark>" in page  # codes are searched too
