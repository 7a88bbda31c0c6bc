"""invitation tokens: a reminder's new token no longer invalidates the earlier ones

Revision ID: 9c4e1f7a2b35
Revises: f2b7a4c9d816
Create Date: 2026-11-29 13:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9c4e1f7a2b35"
down_revision = "f2b7a4c9d816"
branch_labels = None
depends_on = None


def upgrade():
    # Nothing to copy: tokens replaced before this revision were not kept.
    op.create_table(
        "invitation_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitation.id"],
            name=op.f("fk_invitation_token_invitation_id_invitation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_invitation_token")),
    )
    with op.batch_alter_table("invitation_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invitation_token_invitation_id"), ["invitation_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("invitation_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_token_invitation_id"))
    op.drop_table("invitation_token")
