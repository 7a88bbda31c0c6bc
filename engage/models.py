"""Imports every model module so the metadata is complete (for Alembic and create_all)."""

from analysis.reports import models as reports_models  # noqa: F401
from engage.api.models import ApiToken
from engage.audit.models import AuditEvent
from engage.auth.models import AccountToken, LoginAttempt, User
from engage.census import models as census_models  # noqa: F401
from engage.deliberation import models as deliberation_models  # noqa: F401
from engage.directory.models import OrgUnit, Stakeholder
from engage.jobs.models import Job
from engage.messaging import models as messaging_models  # noqa: F401
from engage.tours import models as tours_models  # noqa: F401
from surveys.importers.models import SurveyImport  # noqa: F401
from surveys.models import (
    Answer,
    Invitation,
    Question,
    Response,
    Section,
    SubmissionReceipt,
    Survey,
    SurveyStart,
)

__all__ = [
    "AccountToken",
    "Answer",
    "ApiToken",
    "AuditEvent",
    "Invitation",
    "Job",
    "LoginAttempt",
    "OrgUnit",
    "Question",
    "Response",
    "Section",
    "Stakeholder",
    "SubmissionReceipt",
    "Survey",
    "SurveyStart",
    "User",
]
