"""Schema migrations: Alembic revisions (track A) and recorded start-up steps (track B)."""
