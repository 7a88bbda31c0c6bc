"""Matching cells of an imported spreadsheet with the directory: org units and roles.

An org unit matches by name (case and spacing ignored) or by its Engage code ``u<id>`` (the
value Engage's own org-unit questions store and export). A name shared by two units (a city
and a department both called "Milwaukee") is ambiguous and matches neither. A role matches
by its code (``municipal_staff``) or its English label ("Municipal staff").
"""

from __future__ import annotations

import re

from sqlalchemy import select

from engage.directory.forms import ROLE_LABELS
from engage.directory.models import OrgUnit, StakeholderRole
from engage.extensions import db

_CODE = re.compile(r"^u(\d{1,9})$")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class Directory:
    """The directory's org units and roles, loaded once per import."""

    def __init__(self) -> None:
        self.by_name: dict[str, int | None] = {}
        self.ids: set[int] = set()
        for unit_id, name in db.session.execute(select(OrgUnit.id, OrgUnit.name)):
            key = _key(name)
            self.by_name[key] = None if key in self.by_name else unit_id  # None: ambiguous
            self.ids.add(unit_id)
        self.roles = {_key(role.value): role.value for role in StakeholderRole}
        self.roles |= {_key(str(label)): role.value for role, label in ROLE_LABELS.items()}
        self.roles |= {_key(role.value.replace("_", " ")): role.value for role in StakeholderRole}

    def org_unit(self, text: str) -> int | None:
        """The id of the org unit ``text`` names or codes, or None."""
        code = _CODE.match(text.strip())
        if code and int(code.group(1)) in self.ids:
            return int(code.group(1))
        return self.by_name.get(_key(text))

    def role(self, text: str) -> str | None:
        """The stakeholder role ``text`` names or codes, or None."""
        return self.roles.get(_key(text))
