"""survey editors: the users a survey is shared with

Revision ID: 5e1d2c3b4a01
Revises: e6a91b3c0d52
Create Date: 2026-11-29 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e1d2c3b4a01"
down_revision = "e6a91b3c0d52"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_editor",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["survey.id"],
            name=op.f("fk_survey_editor_survey_id_survey"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_survey_editor_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("survey_id", "user_id", name=op.f("pk_survey_editor")),
    )


def downgrade():
    op.drop_table("survey_editor")
