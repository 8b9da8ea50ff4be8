"""The database schema as SQLAlchemy 2 typed models.

Times are stored as UTC. Every change to these models needs an Alembic migration
in ``migrations/versions`` (a test compares the two and fails otherwise).

A new SQLite file is built from these models, an older one is migrated, and the two
must come out the same (``tests/unit/test_migrations.py`` holds them to it, column by
column): so a table's columns are listed in the order its migrations leave them, a
column added later at the end, and every index, constraint and default is here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from glutetui.vocab import (
    SIDES,
    STANCE_SIDES,
    SUGGESTION_STATUSES,
    WORKOUT_STATUSES,
    sql_in,
)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime in, an aware UTC datetime out; stored naive in UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give a UTC time")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class WorkoutRow(Base):
    __tablename__ = "workouts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    program_id: Mapped[str] = mapped_column(String(80))
    program_name: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Indexed with started_at (below), not alone: a period's completed workouts are
    # found in the index, where a status index alone would visit every workout.
    status: Mapped[str] = mapped_column(String(20), default="in-progress")
    plan: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Seconds trained: paused time and time the app was not running left out. None for
    # workouts logged before glutetui kept it (only their span is known).
    active_seconds: Mapped[float | None] = mapped_column(Float)
    # The lease of a workout being run: which device runs it, the token of the copy of
    # the app that does, and when that copy last said it was alive. Another device
    # leaves a workout alone while its lease is fresh.
    device: Mapped[str] = mapped_column(String(100), default="", server_default="")
    lease: Mapped[str] = mapped_column(String(32), default="", server_default="")
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Pain today on the 0-10 numeric rating scale and a short note, asked once, optional.
    pain_score: Mapped[int | None] = mapped_column(Integer)
    pain_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    sets: Mapped[list[SetRow]] = relationship(
        back_populates="workout", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint(sql_in("status", WORKOUT_STATUSES), name="status"),
        Index("ix_workouts_status_started", "status", "started_at"),
    )


class SetRow(Base):
    """One set on one side, written the moment it ends."""

    __tablename__ = "set_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workout_id: Mapped[int] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    block: Mapped[int] = mapped_column(Integer)
    set_index: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(5))
    exercise_id: Mapped[str] = mapped_column(String(60))
    slot: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(12))
    target_reps: Mapped[int | None] = mapped_column(Integer)
    target_hold: Mapped[int | None] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    hold_seconds: Mapped[float | None] = mapped_column(Float)
    rep_seconds: Mapped[int] = mapped_column(Integer, default=0)
    band: Mapped[str] = mapped_column(String(10), default="none")
    effort: Mapped[int | None] = mapped_column(Integer)
    pain: Mapped[bool] = mapped_column(Boolean, default=False)
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # False for a pain flag from before pain was kept per side: it was put on every side
    # of the exercise, so which side hurt is not known.
    pain_side_known: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Passed over with Next before anything was done: no evidence of any kind.
    skipped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    workout: Mapped[WorkoutRow] = relationship(back_populates="sets")

    __table_args__ = (
        UniqueConstraint("workout_id", "block", "set_index", "side"),
        Index("ix_set_logs_exercise_ended", "exercise_id", "ended_at"),
        Index("ix_set_logs_slot_ended", "slot", "ended_at"),
        CheckConstraint(sql_in("side", SIDES), name="side"),
        CheckConstraint("effort IS NULL OR effort BETWEEN 1 AND 5", name="effort"),
        CheckConstraint("band IN ('none', 'light', 'medium', 'heavy')", name="band"),
    )


class SuggestionRow(Base):
    """A progression suggestion with its reason and what became of it."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    slot: Mapped[str] = mapped_column(String(60), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(String(200))
    from_exercise: Mapped[str] = mapped_column(String(60))
    from_sets: Mapped[int] = mapped_column(Integer)
    from_reps: Mapped[int | None] = mapped_column(Integer)
    from_hold: Mapped[int | None] = mapped_column(Integer)
    from_band: Mapped[str] = mapped_column(String(10), default="none")
    to_exercise: Mapped[str] = mapped_column(String(60))
    to_sets: Mapped[int] = mapped_column(Integer)
    to_reps: Mapped[int | None] = mapped_column(Integer)
    to_hold: Mapped[int | None] = mapped_column(Integer)
    to_band: Mapped[str] = mapped_column(String(10), default="none")
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The program of the block it is about (the block's exercise id is ``slot``).
    program_id: Mapped[str] = mapped_column(String(80), default="", server_default="")

    __table_args__ = (CheckConstraint(sql_in("status", SUGGESTION_STATUSES), name="status"),)


class DoseChangeRow(Base):
    """When the dose of one program block changed, to what, and why.

    The dose in force for a block at any moment is its prescription in the program,
    changed by the latest of these up to that moment (``glutetui.measures.doses``);
    nothing else keeps a dose.
    """

    __tablename__ = "dose_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    slot: Mapped[str] = mapped_column(String(60), index=True)
    exercise_id: Mapped[str] = mapped_column(String(60))
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    hold: Mapped[int | None] = mapped_column(Integer)
    band: Mapped[str] = mapped_column(String(10), default="none")
    reason: Mapped[str] = mapped_column(Text)
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    program_id: Mapped[str] = mapped_column(String(80), default="", server_default="")

    __table_args__ = (Index("ix_dose_changes_block", "program_id", "slot", "changed_at"),)


class SelfTestRow(Base):
    """One side of a single-leg stance self-test."""

    __tablename__ = "self_tests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    side: Mapped[str] = mapped_column(String(5))
    stage: Mapped[str] = mapped_column(String(20), default="eyes-open")
    target_seconds: Mapped[int] = mapped_column(Integer, default=30)
    hold_seconds: Mapped[float] = mapped_column(Float)
    level: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (CheckConstraint(sql_in("side", STANCE_SIDES), name="side"),)


# What each side of a block summary keeps, by column suffix: the evidence (every set but a
# skipped one) and the whole sets (neither skipped nor stopped part-way).
SIDE_SUMS: tuple[tuple[str, type[Integer] | type[Float[float]]], ...] = (
    ("sets", Integer),  # evidence: sets
    ("done", Float),  # evidence: reps, or seconds held for a hold
    ("asked", Float),  # evidence: the same sets' targets
    ("pain", Integer),  # evidence: 1 when any of them is flagged with pain
    ("tension", Float),  # evidence: seconds under tension
    ("whole", Integer),  # whole sets
    ("reps", Integer),  # whole sets: reps
    ("hold", Float),  # whole sets: seconds held
    ("band", Integer),  # whole sets: the heaviest band's rank (``sqlwords.band_rank_sql``)
    ("pain_sets", Integer),  # whole sets flagged with pain
    ("first", Integer),  # the whole first set's rating (0 unrated); NULL: no whole first set
)


def side_column(side: str, name: str) -> str:
    """The summary column of one side's figure: ``left_sets``, ``both_hold`` …"""
    return f"{side}_{name}"


# One row per workout, block and exercise (a block's sets nearly always share one), kept
# by the writes of its sets in the same transaction (``glutetui.store.sums``): the sums
# the report, History and ``progress`` read instead of every set. The workout's start
# and program are copied in (neither ever changes) so the readers need no join.
BLOCK_SUMS = Table(
    "block_sums",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("workout_id", Integer, ForeignKey("workouts.id", ondelete="CASCADE"), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("program_id", String(80), nullable=False),
    Column("block", Integer, nullable=False),
    Column("slot", String(60), nullable=False),
    Column("exercise_id", String(60), nullable=False),
    # Every set, skipped ones too, as the workout's log reads them.
    Column("effort", Integer),  # the highest rating on any set
    Column("pain_any", Integer, nullable=False),  # 1: a set is flagged with pain
    # Evidence, all sides: reps and seconds held (the log's totals).
    Column("reps", Integer, nullable=False),
    Column("hold", Float, nullable=False),
    # When the last set ended, skipped ones too (the block's place in its history).
    Column("ended_at", UTCDateTime, nullable=False),
    # When the first and the last whole set ended (NULL: no whole set).
    Column("first_end", UTCDateTime),
    Column("last_end", UTCDateTime),
    *(
        Column(side_column(side, name), kind, nullable=name == "first")
        for side in SIDES
        for name, kind in SIDE_SUMS
    ),
    UniqueConstraint("workout_id", "block", "slot", "exercise_id"),
    Index("ix_block_sums_started_at", "started_at"),
    Index("ix_block_sums_block", "program_id", "slot", "started_at"),
    Index("ix_block_sums_block_ended", "program_id", "slot", "ended_at"),
)
