"""Grades: an analyst's grading of a document or a record (source reliability and information credibility).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "grades",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dataset", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(200), nullable=False),
        sa.Column("document_id", sa.String(200), nullable=False),
        sa.Column("scale", sa.String(20), nullable=False),
        sa.Column("grade", sa.String(4), nullable=False),
        sa.Column("graded_by", sa.String(200), nullable=False),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_grades_record", "grades", ["dataset", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_grades_record", "grades")
    op.drop_table("grades")
