"""Alembic migrations: numbered, named steps run by ``Store.open``."""
