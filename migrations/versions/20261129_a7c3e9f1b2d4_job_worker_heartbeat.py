"""job worker and heartbeat: find jobs whose worker died

Revision ID: a7c3e9f1b2d4
Revises: 5e1d2c3b4a01
Create Date: 2026-11-29 10:05:00

"""
from alembic import op
import sqlalchemy as sa

import engage.types


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b2d4'
down_revision = '5e1d2c3b4a01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worker', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', engage.types.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('worker')
