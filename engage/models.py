"""Imports every model module so the metadata is complete (for Alembic and create_all)."""

from engage.audit.models import AuditEvent
from engage.auth.models import AccountToken, LoginAttempt, User
from engage.directory.models import OrgUnit, Stakeholder
from engage.jobs.models import Job
from engage.tours import models as tours_models  # noqa: F401

__all__ = ["AccountToken", "AuditEvent", "Job", "LoginAttempt", "OrgUnit", "Stakeholder", "User"]
