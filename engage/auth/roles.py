"""The five staff roles. Stakeholders who answer surveys have no account."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    FELLOW = "fellow"
    COMMUNICATIONS = "communications"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.ANALYST: "Analyst (Office of Equity)",
    Role.FELLOW: "Fellow / OoE staff",
    Role.COMMUNICATIONS: "Communications",
    Role.VIEWER: "Viewer",
}
