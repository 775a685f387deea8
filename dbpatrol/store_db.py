"""The report store's own database (dbpatrol's, never an inspected one), through SQLAlchemy.

SQLite file ``$DBPATROL_HOME/store.db`` by default; any SQLAlchemy URL (e.g. PostgreSQL for setups
with several workers) through ``DBPATROL_STORE_URL``. Tables are created on first use.

* ``reports`` — one row per stored inspection: the index columns the list filters on, the file
  names per format, and the whole results model as JSON (so reports can be re-rendered without
  touching an inspected database).
* ``report_instances`` — (report id, instance name) pairs, for ``--instance`` filters and for
  finding the previous report of the same instances.
* ``acknowledgements`` — known issues muted by a DBA (``dbpatrol ack``): instance, check code,
  optional object, optional database (a check that runs in each database: NULL is every database),
  reason, author, expiry. Removing one deletes its row.
* ``ack_audit`` — every add and remove of an acknowledgement: when, who, what (never deleted).
* ``snapshots`` — one row per snapshot of one instance's counters and gauges (the sampler's, or
  the one each inspection takes): when, by whom (sampler | inspection), and for a gap (the
  instance could not be reached, a source was refused) why. ``snapshot_rows`` holds its values:
  one row per (source, object) with the time its counters started (``epoch``) and the numbers as
  JSON (checks/samples). Kept ``sample_retention_days`` (flows/sampler.py purges).
* ``log_offsets`` — how far a server log file has been read (checks/logs): per (instance, log file)
  the byte range read so far (``start_offset`` … ``offset``), the times of its first and last
  record, the file's size and a hash of its first bytes when read (a rotated-over or truncated
  file starts again), and when it was last read. ``log_events`` holds what was found in those
  bytes: one row per (second, event class, SQLSTATE/code, severity) with the number of lines and the
  first line's text, so a later window is answered from the store plus the new bytes only.
"""

from __future__ import annotations

import os
import threading
import time

import sqlalchemy as sa

from .settings import Settings

metadata = sa.MetaData()

reports_table = sa.Table(
    "dbpatrol_reports", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("tier", sa.String(32), nullable=False, index=True),
    sa.Column("plan", sa.String(200), index=True),
    sa.Column("business", sa.String(200)),
    sa.Column("generated_at", sa.DateTime(), nullable=False, index=True),
    sa.Column("window_start", sa.DateTime(), nullable=False),
    sa.Column("window_end", sa.DateTime(), nullable=False),
    sa.Column("stored_at", sa.DateTime(), nullable=False),
    sa.Column("flow_run_id", sa.String(64)),
    sa.Column("worst", sa.String(16), nullable=False),
    sa.Column("fleet_score", sa.Float, nullable=False),
    sa.Column("counts", sa.JSON, nullable=False),
    sa.Column("instance_count", sa.Integer, nullable=False),
    sa.Column("unreachable_count", sa.Integer, nullable=False),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("rel_dir", sa.String(400), nullable=False),
    sa.Column("files", sa.JSON, nullable=False),  # {format: file name inside rel_dir}
    sa.Column("results", sa.Text, nullable=False),  # InspectionResult.model_dump_json()
)

report_instances_table = sa.Table(
    "dbpatrol_report_instances", metadata,
    sa.Column("report_id", sa.String(64), sa.ForeignKey("dbpatrol_reports.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("instance", sa.String(200), primary_key=True, index=True),
    sa.Column("engine", sa.String(32)),
    sa.Column("reachable", sa.Boolean, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
)


acknowledgements_table = sa.Table(
    "dbpatrol_acknowledgements", metadata,
    # AUTOINCREMENT on SQLite: an id is never given again after its ack is removed (the audit
    # trail names acks by id)
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("instance", sa.String(200), nullable=False, index=True),
    sa.Column("code", sa.String(16), nullable=False),
    sa.Column("object", sa.String(400)),  # NULL: the whole check on the instance
    # a database-scope check's ack for one database; NULL: every database (and instance-scope checks)
    sa.Column("database", sa.String(200)),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("until", sa.DateTime()),  # UTC; NULL: until removed
    sa.Column("created_at", sa.DateTime(), nullable=False),  # UTC
    sqlite_autoincrement=True,
)

ack_audit_table = sa.Table(
    "dbpatrol_ack_audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(), nullable=False, index=True),  # UTC
    sa.Column("action", sa.String(16), nullable=False),  # add | remove
    sa.Column("ack_id", sa.Integer, nullable=False, index=True),
    sa.Column("by", sa.String(200), nullable=False),  # who made the change
    sa.Column("instance", sa.String(200), nullable=False),
    sa.Column("code", sa.String(16), nullable=False),
    sa.Column("object", sa.String(400)),
    sa.Column("database", sa.String(200)),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("ack_by", sa.String(200), nullable=False),  # the acknowledgement's author
    sa.Column("until", sa.DateTime()),
    sqlite_autoincrement=True,
)


snapshots_table = sa.Table(
    "dbpatrol_snapshots", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("instance", sa.String(200), nullable=False),
    sa.Column("taken_at", sa.DateTime(), nullable=False),  # UTC, dbpatrol's clock, before the first statement
    sa.Column("origin", sa.String(16), nullable=False),  # sampler | inspection
    sa.Column("ok", sa.Boolean, nullable=False),  # False: a gap (nothing was read); cause says why
    sa.Column("cause", sa.Text),  # a gap's cause, or the sources that were refused or failed
    sa.Column("duration_ms", sa.Float),
    sa.Column("statements", sa.Integer),
    sa.Index("ix_dbpatrol_snapshots_instance_taken", "instance", "taken_at"),
    sqlite_autoincrement=True,
)

snapshot_rows_table = sa.Table(
    "dbpatrol_snapshot_rows", metadata,
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("dbpatrol_snapshots.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("source", sa.String(64), primary_key=True),  # e.g. pg.database, my.status
    sa.Column("object", sa.String(400), primary_key=True),  # e.g. a database name, '(instance)'
    sa.Column("epoch", sa.DateTime()),  # UTC: when this row's counters started (a reset or restart moves it)
    sa.Column("data", sa.JSON, nullable=False),  # {column: number}
)


# Statement sources (checks/samples Source.store == "changed": pg.statements, MySQL digests): the last
# numbers stored per key, to store a row only when it changed (docs/window.md "Statement sources").
snapshot_state_table = sa.Table(
    "dbpatrol_snapshot_state", metadata,
    sa.Column("instance", sa.String(200), primary_key=True),
    sa.Column("source", sa.String(64), primary_key=True),
    sa.Column("object", sa.String(400), primary_key=True),  # a statement key; '(keyframe)': the last full one
    sa.Column("epoch", sa.DateTime()),
    sa.Column("data", sa.JSON, nullable=False),
)

# A statement's text, once per (instance, source, key): as the engine normalises it, remaining literals
# masked, bounded (checks/samples mask_statement). Never a number, so never in the snapshot rows.
statement_texts_table = sa.Table(
    "dbpatrol_statement_texts", metadata,
    sa.Column("instance", sa.String(200), primary_key=True),
    sa.Column("source", sa.String(64), primary_key=True),
    sa.Column("object", sa.String(400), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("first_seen", sa.DateTime(), nullable=False),  # UTC
    sa.Column("last_seen", sa.DateTime(), nullable=False),  # UTC: refreshed at each keyframe; purged after retention
)


log_offsets_table = sa.Table(
    "dbpatrol_log_offsets", metadata,
    sa.Column("instance", sa.String(200), primary_key=True),
    sa.Column("log_file", sa.String(1000), primary_key=True),  # the path as the server names it
    sa.Column("source", sa.String(64), nullable=False),  # pg.jsonlog | pg.csvlog | pg.stderr | mariadb.error_log
    sa.Column("start_offset", sa.BigInteger, nullable=False),  # the first byte read (a record start)
    sa.Column("offset", sa.BigInteger, nullable=False),  # the next byte to read (a record start)
    sa.Column("first_at", sa.DateTime()),  # UTC: the first record read
    sa.Column("last_at", sa.DateTime()),  # UTC: the last record read
    sa.Column("size", sa.BigInteger),  # the file's size when last read
    sa.Column("head", sa.String(80)),  # "n:sha256" of its first n bytes: another file under the same name starts over
    sa.Column("read_at", sa.DateTime(), nullable=False),  # UTC, dbpatrol's clock
)

log_events_table = sa.Table(
    "dbpatrol_log_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("instance", sa.String(200), nullable=False),
    sa.Column("logged_at", sa.DateTime(), nullable=False),  # UTC: the first line's own time (grouped per second)
    sa.Column("event", sa.String(32), nullable=False),  # checks/logs classify: fatal, auth_failure, deadlock …
    sa.Column("severity", sa.String(16)),  # canonical (English) severity
    sa.Column("code", sa.String(16)),  # SQLSTATE / MY-nnnnnn, when known
    sa.Column("classified_by", sa.String(16)),  # sqlstate | message | severity
    sa.Column("occurrences", sa.Integer, nullable=False),
    sa.Column("message", sa.Text),  # the first line's text, bounded
    sa.Column("log_file", sa.String(1000)),
    sa.Column("offset", sa.BigInteger),  # the first line's byte offset in log_file
    sa.Index("ix_dbpatrol_log_events_instance_at", "instance", "logged_at"),
    sqlite_autoincrement=True,
)


def store_url(settings: Settings, env: dict[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    url = env.get("DBPATROL_STORE_URL")
    if url:
        return url
    return f"sqlite:///{settings.home / 'store.db'}"


_engines: dict[str, sa.Engine] = {}
_lock = threading.Lock()


def get_engine(url: str) -> sa.Engine:
    """One engine per URL per process, tables created on first use."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            kwargs = {}
            if url.startswith("sqlite"):
                path = url.split("///", 1)[-1]
                if path and path != ":memory:":
                    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
                kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
            engine = sa.create_engine(url, pool_pre_ping=True, **kwargs)
            if url.startswith("sqlite"):
                @sa.event.listens_for(engine, "connect")
                def _pragmas(dbapi_conn, _record):  # noqa: ANN001
                    cur = dbapi_conn.cursor()
                    cur.execute("PRAGMA journal_mode=WAL")  # readers don't block the writer
                    cur.execute("PRAGMA foreign_keys=ON")
                    cur.execute("PRAGMA busy_timeout=30000")
                    cur.close()
            _create_tables(engine)
            _engines[url] = engine
        return engine


def _create_tables(engine: sa.Engine, attempts: int = 10) -> None:
    """Create the tables, tolerating other processes doing the same at the same moment.

    ``create_all`` checks, then creates: two runs of a plan firing in the same minute on a fresh
    home both see "no table" and one fails with "already exists". A retry sees the table.
    """
    for attempt in range(attempts):
        try:
            metadata.create_all(engine)
            _add_columns(engine)
            return
        except (sa.exc.OperationalError, sa.exc.ProgrammingError, sa.exc.IntegrityError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


# Columns added to a table after stores were created with it: (table, column). Nullable, so an
# existing row keeps its meaning (an acknowledgement without a database covers every database).
_ADDED_COLUMNS = (("dbpatrol_acknowledgements", "database"), ("dbpatrol_ack_audit", "database"))


def _add_columns(engine: sa.Engine) -> None:
    """Add to an existing store the columns added to its tables since (``create_all`` only creates
    missing tables)."""
    inspector = sa.inspect(engine)
    for table_name, column_name in _ADDED_COLUMNS:
        if column_name in {c["name"] for c in inspector.get_columns(table_name)}:
            continue
        column = metadata.tables[table_name].c[column_name]
        kind = column.type.compile(dialect=engine.dialect)
        with engine.begin() as conn:
            conn.exec_driver_sql(f'ALTER TABLE {table_name} ADD COLUMN "{column_name}" {kind}')


def dispose_all() -> None:
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
