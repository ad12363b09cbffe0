"""SQLAlchemy 2 tables: one row type per core record, all owned by a person.

The schema itself is created by the Alembic migrations in ``migrations/versions``;
these classes must match them (a test compares the two).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from strive.storage.types import JSONText

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _version() -> Mapped[int]:
    """The row's edit counter: 1 when added, +1 on every change.

    ``version_id_col`` makes every ORM UPDATE and DELETE of the row say ``WHERE
    version = <the version read>``, so a concurrent change made after this
    transaction read the row fails (StaleDataError → ConflictError) instead of being
    overwritten; and a form or API call that says which version it saw is refused
    when the row has moved on (see docs/durability.md).
    """
    return mapped_column(Integer, nullable=False, default=1, server_default="1")


def _versioned(version: Mapped[int]) -> dict[str, Any]:
    return {"version_id_col": version}


def _goal_fk() -> Mapped[int]:
    return mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), index=True, nullable=False
    )


class PersonRow(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = _version()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    """``version`` here is the profile's version: profile values are appended rows
    (never edited), so a profile edit bumps this counter with an explicit
    ``UPDATE people SET version = version + 1 WHERE version = :seen``."""
    context_stamp: Mapped[int] = mapped_column(
        BigInteger, nullable=False, default=0, server_default="0"
    )
    """A random token that database triggers change on every write of a goal's
    context (goals, profile, custom traits, evidence, imports, stored templates):
    the key of the web app's result cache (migration 0008, :mod:`strive.web.memo`).
    Never written by strive's code."""
    effort_stamp: Mapped[int] = mapped_column(
        BigInteger, nullable=False, default=0, server_default="0"
    )
    """Likewise for effort entries (the route depends on them, the gap does not)."""


class GoalRow(Base):
    __tablename__ = "goals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = _version()
    __mapper_args__ = _versioned(version)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(200))
    why: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    hours_per_week: Mapped[float] = mapped_column(Float)
    money: Mapped[float | None] = mapped_column(Float)
    months_away: Mapped[float | None] = mapped_column(Float)
    max_parallel: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    status_reason: Mapped[str] = mapped_column(Text, default="")
    status_date: Mapped[dt.date | None] = mapped_column(Date)
    created: Mapped[dt.date | None] = mapped_column(Date)
    next_goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="SET NULL")
    )
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_templates.id", ondelete="RESTRICT")
    )
    """The stored copy of a person's own template file; ``None`` for built-ins."""


class ProfileChangeRow(Base):
    __tablename__ = "profile_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    trait: Mapped[str] = mapped_column(String(200))
    value: Mapped[Any] = mapped_column(JSONText(), nullable=True)
    when: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class CustomTraitRow(Base):
    __tablename__ = "custom_traits"
    __table_args__ = (UniqueConstraint("goal_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = _goal_fk()
    name: Mapped[str] = mapped_column(String(200))
    spec: Mapped[dict[str, Any]] = mapped_column(JSONText)


class EvidenceRow(Base):
    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = _version()
    __mapper_args__ = _versioned(version)
    goal_id: Mapped[int] = _goal_fk()
    condition: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    have: Mapped[int | None] = mapped_column(Integer)
    of: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded: Mapped[dt.date | None] = mapped_column(Date)


class RouteRow(Base):
    __tablename__ = "routes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = _goal_fk()
    created: Mapped[dt.date] = mapped_column(Date)
    document: Mapped[dict[str, Any]] = mapped_column(JSONText)


class EffortRow(Base):
    __tablename__ = "effort"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = _version()
    __mapper_args__ = _versioned(version)
    goal_id: Mapped[int] = _goal_fk()
    action: Mapped[str] = mapped_column(String(200))
    hours: Mapped[float] = mapped_column(Float)
    when: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class AttemptRow(Base):
    __tablename__ = "attempts"
    __table_args__ = (UniqueConstraint("goal_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = _version()
    __mapper_args__ = _versioned(version)
    goal_id: Mapped[int] = _goal_fk()
    name: Mapped[str] = mapped_column(String(200))
    applied: Mapped[dt.date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20))
    decided: Mapped[dt.date | None] = mapped_column(Date)
    feedback: Mapped[str] = mapped_column(Text, default="")


class SupporterRow(Base):
    __tablename__ = "supporters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = _version()
    __mapper_args__ = _versioned(version)
    goal_id: Mapped[int] = _goal_fk()
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(Text)
    contribution: Mapped[str] = mapped_column(Text, default="")
    shares: Mapped[str] = mapped_column(String(20))
    since: Mapped[dt.date | None] = mapped_column(Date)


class CohortImportRow(Base):
    __tablename__ = "cohort_imports"
    __table_args__ = (UniqueConstraint("person_id", "template", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    template: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    columns: Mapped[list[Any]] = mapped_column(JSONText)
    rows: Mapped[list[Any]] = mapped_column(JSONText)
    imported: Mapped[dt.date] = mapped_column(Date)


class StoredTemplateRow(Base):
    """A person's own template and cohort CSV, kept so the goal outlives the file."""

    __tablename__ = "stored_templates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    source_path: Mapped[str] = mapped_column(Text)
    """Absolute path the template was read from (to notice when the file changes)."""
    digest: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the TOML text and the cohort CSV text together."""
    toml: Mapped[str] = mapped_column(Text)
    cohort_file: Mapped[str | None] = mapped_column(String(200))
    cohort_csv: Mapped[str | None] = mapped_column(Text)
    stored: Mapped[dt.date] = mapped_column(Date)


class CorrectionRow(Base):
    """An edit or deletion of a logged record, kept as history (never silent)."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = _goal_fk()
    kind: Mapped[str] = mapped_column(String(20))
    """effort, attempt, evidence or supporter."""
    record_id: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(10))
    """edit or delete."""
    before: Mapped[dict[str, Any]] = mapped_column(JSONText)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONText, nullable=True)
    when: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class AccountRow(Base):
    """A login for the web app; it owns one person (and so that person's goals).

    The CLI's person ``me`` gets an account with ``strive account new`` (or the first
    sign-up on a served database that already holds that person's data).
    """

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    """Stored lower-cased; the login name."""
    password_hash: Mapped[str] = mapped_column(Text)
    """argon2id, in the PHC string format argon2-cffi writes."""
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), unique=True
    )
    locale: Mapped[str] = mapped_column(String(10), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    """UTC, naive (every timestamp in these tables is naive UTC)."""
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """Base32 TOTP secret: set while two-factor set-up runs, live once enabled."""
    totp_enabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The 30-second step of the last code accepted (a code is single use)."""


class SessionRow(Base):
    """A server-side login session; the cookie holds a random token, this its hash."""

    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    """SHA-256 hex of the cookie's token (a stolen database cannot log anyone in)."""
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    stage: Mapped[str] = mapped_column(
        String(10), default="full", server_default="full"
    )
    """``full``: logged in; ``totp``: the password was right, the code is awaited."""


class RecoveryCodeRow(Base):
    """One of an account's ten single-use two-factor recovery codes (SHA-256 only:
    the codes are 50 random bits, shown once)."""

    __tablename__ = "recovery_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class LoginAttemptRow(Base):
    """Failed logins, counted per key (e-mail, client address) for rate limiting.

    Kept in the database so every server worker sees the same count.
    """

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(320), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
