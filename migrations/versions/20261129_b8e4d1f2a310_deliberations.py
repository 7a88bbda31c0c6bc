"""deliberations: Pol.is conversations, statements, participants and final votes

Revision ID: b8e4d1f2a310
Revises: a7d3c0e1f201
Create Date: 2026-11-29 09:40:00

"""
from alembic import op
import sqlalchemy as sa

import engage.types


# revision identifiers, used by Alembic.
revision = 'b8e4d1f2a310'
down_revision = 'a7d3c0e1f201'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('deliberation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('conversation', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('attribution', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', engage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_deliberation_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliberation')),
    sa.UniqueConstraint('conversation', name=op.f('uq_deliberation_conversation'))
    )
    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deliberation_id', sa.Integer(), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['deliberation_id'], ['deliberation.id'], name=op.f('fk_participant_deliberation_id_deliberation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('deliberation_id', 'pid', name=op.f('uq_participant_deliberation_id'))
    )
    op.create_table('statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deliberation_id', sa.Integer(), nullable=False),
    sa.Column('tid', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_pid', sa.Integer(), nullable=True),
    sa.Column('moderated', sa.Integer(), nullable=False),
    sa.Column('agrees', sa.Integer(), nullable=False),
    sa.Column('disagrees', sa.Integer(), nullable=False),
    sa.Column('passes', sa.Integer(), nullable=False),
    sa.Column('consensus', sa.Double(), nullable=True),
    sa.ForeignKeyConstraint(['deliberation_id'], ['deliberation.id'], name=op.f('fk_statement_deliberation_id_deliberation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement')),
    sa.UniqueConstraint('deliberation_id', 'tid', name=op.f('uq_statement_deliberation_id'))
    )
    op.create_table('statement_vote',
    sa.Column('deliberation_id', sa.Integer(), nullable=False),
    sa.Column('tid', sa.Integer(), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['deliberation_id'], ['deliberation.id'], name=op.f('fk_statement_vote_deliberation_id_deliberation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('deliberation_id', 'tid', 'pid', name=op.f('pk_statement_vote'))
    )


def downgrade():
    op.drop_table('statement_vote')
    op.drop_table('statement')
    op.drop_table('participant')
    op.drop_table('deliberation')
