"""report survey results: stored group sizes, closed-question results and response rates

Revision ID: d41c7e2a9b13
Revises: b8e4d1f2a310
Create Date: 2026-11-29 14:00:00

"""
from alembic import op
import sqlalchemy as sa

import engage.types


# revision identifiers, used by Alembic.
revision = 'd41c7e2a9b13'
down_revision = 'b8e4d1f2a310'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('analysis_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_sizes', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('survey_results', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('analysis_run', schema=None) as batch_op:
        batch_op.drop_column('survey_results')
        batch_op.drop_column('group_sizes')
