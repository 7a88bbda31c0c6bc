"""Invitations by e-mail: one message per person in their language, counts only for staff,
nothing lost when the mail server fails, CSV for the rest, bounded batches, audited."""

from __future__ import annotations

import csv
import io
import re
import socket

from sqlalchemy import func, select

from engage.audit.models import AuditEvent
from engage.auth.roles import Role
from engage.directory.models import Stakeholder, StakeholderRole
from engage.extensions import db
from surveys import mailing
from surveys.models import Anonymity, Invitation, Survey
from tests.surveys.smtp_server import smtp_server
from tests.surveys.test_respond import complete

LINK = re.compile(r"https?://\S+/s/\S+")
PEOPLE = [  # (name, email, consent to contact, language)
    ("Ana Quispe-Zurita", "ana@example.org", True, "es"),
    ("Bo Xiong-Vang", "bo@example.org", True, "hmn"),  # the survey has no Hmong: English
    ("Cy Okonkwo-Lee", "cy@example.org", True, "en"),
    ("Di Marchetti-Ruiz", None, True, "en"),
    ("Ed Nakamura-Berg", "ed@example.org", False, "en"),  # never invited
]
EMAIL = {"delivery": "email", "org_unit": "0", "role": ""}


def directory(app, survey_id: int) -> None:
    with app.app_context():
        db.session.add_all(
            Stakeholder(name=name, email=email, consent_contact=consent,
                        preferred_language=lang, role=StakeholderRole.RESIDENT)
            for name, email, consent, lang in PEOPLE
        )  # fmt: skip
        survey = db.session.get(Survey, survey_id)
        survey.translations = {"es": {"title": "Encuesta de prueba"}}
        db.session.commit()


def audits(app, action: str) -> list[dict]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return [event.detail for event in db.session.scalars(query)]


def emailed(app) -> int:
    with app.app_context():
        query = select(func.count()).where(Invitation.emailed_at.is_not(None))
        return db.session.scalar(query)


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on: the mail server is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_each_person_gets_one_message_in_their_language_and_staff_see_counts_only(
    app, client, login_as, make_survey, mail_to
):
    survey = make_survey(Anonymity.ANONYMOUS, public=False, languages=("en", "es"))
    directory(app, survey.id)
    login_as(Role.ANALYST)
    with smtp_server() as server:
        mail_to(server.server_address[1])
        form = client.get(f"/surveys/{survey.id}/invitations").get_data(as_text=True)
        assert re.search(r'<input checked[^>]*value="email"', form)  # e-mail is the default
        page = client.post_form(f"/surveys/{survey.id}/invitations", EMAIL, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "3 invitations e-mailed." in text and "Without an e-mail address: 1." in text
    for name, email, _c, _l in PEOPLE:
        assert name not in text and (email is None or email not in text)
    assert f"/s/{survey.slug}?t=" not in text  # e-mailed links are never shown to staff

    received = {m["To"]: m for m in server.received}
    assert sorted(received) == ["ana@example.org", "bo@example.org", "cy@example.org"]
    spanish = received["ana@example.org"]
    assert spanish["Subject"] == "Invitación: Encuesta de prueba"
    assert "lang=es" in LINK.search(spanish.get_content()).group(0)
    assert "lang=en" in LINK.search(received["bo@example.org"].get_content()).group(0)
    for message in received.values():
        link = LINK.search(message.get_content()).group(0)
        assert link.startswith(app.config["ENGAGE_BASE_URL"])
        assert client.get(f"/s/{link.split('/s/', 1)[1]}").status_code == 200
    assert emailed(app) == 3
    assert audits(app, "survey.invited") == [{"count": 4, "channel": "email"}]
    sent = {"sent": 3, "failed": 0, "refused": 0, "without_email": 1, "left": 0}
    assert audits(app, "survey.invitations_emailed") == [sent]

    assert "Not sent yet" in text  # Di, without an address: her link goes in the CSV
    download = client.post_form(f"/surveys/{survey.id}/invitations/unsent.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    [row] = csv.DictReader(io.StringIO(download.get_data(as_text=True)))
    assert row["name"] == "Di Marchetti-Ruiz" and row["email"] == ""
    token = row["link"].split("t=")[1].split("&")[0]
    assert complete(client, survey.slug, f"?t={token}")[0].status_code == 303
    page = client.get(f"/surveys/{survey.id}/invitations").get_data(as_text=True)
    assert "Not sent yet" not in page and "4 invited, 1 answered." in page
    assert audits(app, "survey.invitations_exported") == [{"count": 1}]


def test_a_mail_server_failure_loses_nothing_and_the_rest_can_be_sent_later(
    app, client, login_as, make_survey, mail_to
):
    survey = make_survey(public=False)
    directory(app, survey.id)
    login_as(Role.ANALYST)
    mail_to(closed_port())
    down = client.post_form(f"/surveys/{survey.id}/invitations", EMAIL, follow_redirects=True)
    text = down.get_data(as_text=True)
    assert "0 invitations e-mailed." in text
    assert "Not sent because the mail server failed: 3 (The mail server 127.0.0.1:" in text
    assert "send them again or download them below" in text

    with smtp_server(refuse_after=1) as server:  # up again, but it refuses after one message
        mail_to(server.server_address[1])
        again = client.post_form(f"/surveys/{survey.id}/invitations/send", follow_redirects=True)
    text = again.get_data(as_text=True)
    assert "1 invitation e-mailed." in text and "mail server failed: 2" in text
    assert len(server.received) == 1 and emailed(app) == 1

    with smtp_server() as server:
        mail_to(server.server_address[1])
        client.post_form(f"/surveys/{survey.id}/invitations/send")
        client.post_form(f"/surveys/{survey.id}/invitations/send")  # nothing left to send
    assert len(server.received) == 2 and emailed(app) == 3
    assert server.received[0]["To"] != server.received[1]["To"]
    for message in server.received:
        link = LINK.search(message.get_content()).group(0)
        assert client.get(f"/s/{link.split('/s/', 1)[1]}").status_code == 200


def test_a_batch_sends_at_most_batch_messages(
    app, client, login_as, make_survey, mail_to, monkeypatch
):
    monkeypatch.setattr(mailing, "BATCH", 2)
    survey = make_survey(public=False)
    directory(app, survey.id)
    login_as(Role.ANALYST)
    with smtp_server() as server:
        mail_to(server.server_address[1])
        first = client.post_form(f"/surveys/{survey.id}/invitations", EMAIL, follow_redirects=True)
        assert len(server.received) == 2
        text = first.get_data(as_text=True)
        assert "2 invitations e-mailed." in text and "(at most 2 go out at a time): 1." in text
        client.post_form(f"/surveys/{survey.id}/invitations/send")
    assert len(server.received) == 3 and emailed(app) == 3


def test_without_a_mail_server_only_the_csv_is_offered(app, client, login_as, make_survey):
    survey = make_survey(public=False)
    directory(app, survey.id)
    login_as(Role.ANALYST)
    page = client.get(f"/surveys/{survey.id}/invitations").get_data(as_text=True)
    assert "No mail server is configured" in page and 'value="email"' not in page
    refused = client.post_form(f"/surveys/{survey.id}/invitations", EMAIL)
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)
    sent = client.post_form(f"/surveys/{survey.id}/invitations/send", follow_redirects=True)
    assert "No mail server is configured" in sent.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    download = client.post_form(f"/surveys/{survey.id}/invitations", {**EMAIL, "delivery": "csv"})
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert len(rows) == 4
    page = client.get(f"/surveys/{survey.id}/invitations").get_data(as_text=True)
    assert "Not sent yet" not in page  # the CSV handed every link out


def test_sending_is_for_managers_only(app, client, login_as, make_survey, make_user, mail_to):
    owner = make_user(Role.FELLOW)
    survey = make_survey(public=False, owner_id=owner.id)
    directory(app, survey.id)
    mail_to(closed_port())
    for role in (Role.FELLOW, Role.VIEWER, Role.COMMUNICATIONS):  # a fellow who is not the owner
        login_as(role)
        for path in ("/invitations", "/invitations/send", "/invitations/unsent.csv"):
            assert client.post_form(f"/surveys/{survey.id}{path}", EMAIL).status_code == 403
        client.post_form("/logout")
    login_as(Role.ANALYST)  # may send, but not without the form's CSRF token
    for path in ("/invitations", "/invitations/send", "/invitations/unsent.csv"):
        assert client.post(f"/surveys/{survey.id}{path}", data=EMAIL).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert audits(app, "survey.invitations_emailed") == []


def test_a_line_break_in_the_title_cannot_add_mail_headers(
    app, client, login_as, make_survey, mail_to
):
    survey = make_survey(public=False)
    directory(app, survey.id)
    with app.app_context():
        db.session.get(Survey, survey.id).title = "Parks\r\nBcc: all@example.org"
        db.session.commit()
    login_as(Role.ANALYST)
    with smtp_server() as server:
        mail_to(server.server_address[1])
        client.post_form(f"/surveys/{survey.id}/invitations", EMAIL)
    assert len(server.received) == 3
    for message in server.received:
        assert message["Subject"] == "Invitation: Parks Bcc: all@example.org"
        assert message["Bcc"] is None


def test_staff_may_still_choose_the_csv_when_mail_is_configured(
    app, client, login_as, make_survey, mail_to
):
    survey = make_survey(public=False)
    directory(app, survey.id)
    login_as(Role.ANALYST)
    with smtp_server() as server:
        mail_to(server.server_address[1])
        download = client.post_form(
            f"/surveys/{survey.id}/invitations", {**EMAIL, "delivery": "csv"}
        )
        page = client.get(f"/surveys/{survey.id}/invitations").get_data(as_text=True)
    assert download.mimetype == "text/csv" and not server.received and emailed(app) == 0
    assert len(list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))) == 4
    assert "Not sent yet" not in page
    assert audits(app, "survey.invited") == [{"count": 4, "channel": "csv"}]


def test_a_refused_address_is_skipped_and_the_others_are_sent(
    app, client, login_as, make_survey, mail_to
):
    survey = make_survey(public=False)
    directory(app, survey.id)
    login_as(Role.ANALYST)
    refused = PEOPLE[0][1]
    with smtp_server(refuse_to=frozenset({refused})) as server:
        mail_to(server.server_address[1])
        page = client.post_form(f"/surveys/{survey.id}/invitations", EMAIL, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "2 invitations e-mailed." in text and "Addresses the mail server refused: 1." in text
    assert refused not in text and "mail server failed" not in text  # counts only; not a failure
    assert {m["To"] for m in server.received} == {e for _n, e, c, _l in PEOPLE[1:] if e and c}
    assert emailed(app) == 2  # the refused one is still unsent: e-mail again or download
    [sent] = audits(app, "survey.invitations_emailed")
    assert sent == {"sent": 2, "failed": 0, "refused": 1, "without_email": 1, "left": 0}
    download = client.post_form(f"/surveys/{survey.id}/invitations/unsent.csv")
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert refused in {row["email"] for row in rows}
