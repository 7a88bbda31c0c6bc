"""invitation receipt key: a reminder's new link and the old one share one receipt

Revision ID: f2b7a4c9d816
Revises: c3d8f2a61e07
Create Date: 2026-11-29 11:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f2b7a4c9d816"
down_revision = "c3d8f2a61e07"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt_key", sa.String(length=64), nullable=True))
    # Until now the receipt was stored under the current token's hash.
    op.execute("UPDATE invitation SET receipt_key = token_hash")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.alter_column("receipt_key", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_invitation_receipt_key"), ["receipt_key"])


def downgrade():
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_invitation_receipt_key"), type_="unique")
        batch_op.drop_column("receipt_key")
