"""survey revision: respondent pages cache definitions per process by it

Revision ID: c3d8f2a61e07
Revises: a7c3e9f1b2d4
Create Date: 2026-11-29 10:10:00

"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c3d8f2a61e07"
down_revision = "a7c3e9f1b2d4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.String(length=32), nullable=True))
    survey = sa.table("survey", sa.column("id", sa.Integer), sa.column("revision", sa.String))
    connection = op.get_bind()
    for (survey_id,) in connection.execute(sa.select(survey.c.id)).all():
        connection.execute(
            survey.update().where(survey.c.id == survey_id).values(revision=uuid.uuid4().hex)
        )
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.alter_column("revision", existing_type=sa.String(length=32), nullable=False)


def downgrade():
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.drop_column("revision")
