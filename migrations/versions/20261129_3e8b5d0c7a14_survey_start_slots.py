"""survey start slots: a day's start count is spread over rows, so starts do not queue on one

Revision ID: 3e8b5d0c7a14
Revises: b3d5e7f9a1c2
Create Date: 2026-11-29 13:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3e8b5d0c7a14"
down_revision = "b3d5e7f9a1c2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_start", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("slot", sa.SmallInteger(), nullable=False, server_default="0")
        )
        batch_op.drop_constraint("pk_survey_start", type_="primary")
        batch_op.create_primary_key("pk_survey_start", ["survey_id", "day", "slot"])
    with op.batch_alter_table("survey_start", schema=None) as batch_op:
        batch_op.alter_column("slot", existing_type=sa.SmallInteger(), server_default=None)


def downgrade():
    # Each day keeps its lowest slot, holding the day's total, before the column goes.
    op.execute(
        "UPDATE survey_start SET count = (SELECT sum(s.count) FROM survey_start s"
        " WHERE s.survey_id = survey_start.survey_id AND s.day = survey_start.day)"
        " WHERE slot = (SELECT min(s.slot) FROM survey_start s"
        " WHERE s.survey_id = survey_start.survey_id AND s.day = survey_start.day)"
    )
    op.execute(
        "DELETE FROM survey_start WHERE slot <> (SELECT min(s.slot) FROM survey_start s"
        " WHERE s.survey_id = survey_start.survey_id AND s.day = survey_start.day)"
    )
    with op.batch_alter_table("survey_start", schema=None) as batch_op:
        batch_op.drop_constraint("pk_survey_start", type_="primary")
        batch_op.create_primary_key("pk_survey_start", ["survey_id", "day"])
        batch_op.drop_column("slot")
