"""Database plumbing shared by every model: UTC timestamps and the SQLite connection rules."""

from __future__ import annotations

import contextvars
import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, String, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

# Set by the doors (HTTP method, socket handler, CLI) for work that will write. On SQLite a
# write transaction must start with BEGIN IMMEDIATE: a deferred transaction that reads first
# and writes later fails at once with "database is locked" when another writer got in between,
# and SQLite's busy timeout does not help in that case.
write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=False)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC, on every database (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use parkbank.database.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def str_enum(cls: type[enum.Enum], length: int) -> Enum:
    """A portable enum column: VARCHAR holding the members' values (no native ENUM types to migrate)."""
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


def insert_unless_exists(session, model, values: dict, unique_columns: list[str]):
    """INSERT … ON CONFLICT DO NOTHING RETURNING the new row as an ORM object, or None when a row
    with the same unique columns exists: one statement, no lookup and no savepoint first."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[session.get_bind().dialect.name]
    statement = (
        dialect.insert(model).values(**values)
        .on_conflict_do_nothing(index_elements=unique_columns)
        .returning(model)
    )
    return session.scalars(statement).one_or_none()


class unicode_lower(FunctionElement):  # noqa: N801 (an SQL function, named like func.lower)
    """lower() of every letter, Å, Ä and Ö too: PostgreSQL's lower() does that, SQLite's only
    lowers A–Z, so on SQLite it is Python's str.lower, registered on each connection below."""

    type = String()
    inherit_cache = True


@compiles(unicode_lower)
def _unicode_lower(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(unicode_lower, "sqlite")
def _unicode_lower_sqlite(element, compiler, **kw):
    return f"pb_lower({compiler.process(element.clauses, **kw)})"


def _python_lower(value):
    return value.lower() if isinstance(value, str) else value


def configure_engine(engine: Engine) -> None:
    """Connection rules per dialect: WAL, foreign keys and immediate write transactions on SQLite."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins (see "begin" below).
        dbapi_connection.isolation_level = None
        dbapi_connection.create_function("pb_lower", 1, _python_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")
