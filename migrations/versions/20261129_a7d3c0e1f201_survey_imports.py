"""survey imports: the record and mapping report of each XLSForm/LimeSurvey import

Revision ID: a7d3c0e1f201
Revises: 54f0aa50b0e4
Create Date: 2026-11-29 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import engage.types


# revision identifiers, used by Alembic.
revision = 'a7d3c0e1f201'
down_revision = '54f0aa50b0e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', engage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_survey_import_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_import_survey_id_survey'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_import'))
    )


def downgrade():
    op.drop_table('survey_import')
