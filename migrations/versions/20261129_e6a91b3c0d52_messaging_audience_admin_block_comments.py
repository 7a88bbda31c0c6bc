"""messaging: deactivate audiences and channels; comments on blocks, resolvable

Revision ID: e6a91b3c0d52
Revises: 76242e1ce342
Create Date: 2026-11-29 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import engage.types


# revision identifiers, used by Alembic.
revision = 'e6a91b3c0d52'
down_revision = '76242e1ce342'
branch_labels = None
depends_on = None


def upgrade():
    # Existing audiences and channels stay in use: the server default fills the new column.
    with op.batch_alter_table('audience', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table('channel', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('block_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('block_excerpt', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('resolved_at', engage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolved_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_comment_block_id'), ['block_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_comment_block_id_block'), 'block', ['block_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_comment_resolved_by_id_user'), 'user', ['resolved_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_comment_resolved_by_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_comment_block_id_block'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_comment_block_id'))
        batch_op.drop_column('resolved_by_id')
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('block_excerpt')
        batch_op.drop_column('block_id')
    with op.batch_alter_table('channel', schema=None) as batch_op:
        batch_op.drop_column('active')
    with op.batch_alter_table('audience', schema=None) as batch_op:
        batch_op.drop_column('active')
