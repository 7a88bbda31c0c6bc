"""invitation sending: when an invitation was e-mailed or its link exported for a mail merge

Revision ID: b3d5e7f9a1c2
Revises: 9c4e1f7a2b35
Create Date: 2026-11-29 13:40:00

"""

import sqlalchemy as sa
from alembic import op

from engage.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "b3d5e7f9a1c2"
down_revision = "9c4e1f7a2b35"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("emailed_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("exported_at", UTCDateTime(timezone=True), nullable=True))
    # Until now every invitation's link was downloaded for a mail merge when it was created.
    op.execute("UPDATE invitation SET exported_at = created_at")


def downgrade():
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_column("exported_at")
        batch_op.drop_column("emailed_at")
