"""Snapshot sources: what the sampler (and every inspection) reads so window checks can take deltas.

A *source* is one small read-only query per engine (``checks/samples/<engine>/<file>.sql``, with
``<file>@<version>.sql`` variants as check SQL has; MariaDB falls back to the MySQL file). It
returns either

* ``rows``: one row per object with columns ``object`` (a database, a standby, '(instance)'),
  ``epoch`` (when this row's counters started: a reset, restart or crash moves it; NULL for gauges)
  and ``data`` (JSON of numbers), or
* ``pairs``: ``name, value`` rows (MySQL/MariaDB global status), pivoted into one '(instance)' row
  whose epoch is the server start (now - Uptime).

Only numbers are kept. What is stored, and why, follows catalog.md §3 ("What a tool must store itself
to report deltas over an arbitrary past window"). A source the session may not read (a missing
privilege, a view this server lacks) is left out of the snapshot and named in its ``cause``; the
others are stored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ..adapters.base import QueryError, Session
from ..facts import unmet
from ..spec import SQL_FALLBACK, parse_version

HERE = Path(__file__).resolve().parent
INSTANCE = "(instance)"
SOURCE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Source:
    name: str  # e.g. pg.database; what window specs name
    engine: Literal["postgresql", "mysql", "oracle"]  # mysql serves MariaDB (its own file first)
    file: str
    shape: Literal["rows", "pairs"] = "rows"
    min_version: str = "0"
    requires: tuple[str, ...] = ()  # checks/facts.py requirements, e.g. "replica", "not:replica"
    what: str = ""
    flavors: tuple[str, ...] = ()  # only on these flavors (e.g. mysql, not mariadb); empty: every one of engine
    # "every": each snapshot stores every row (a few objects per instance). "changed": a statement-like
    # source with thousands of keys (pg.statements; MySQL digests): a row is stored only when its
    # numbers changed since the instance's previous snapshot, plus a full keyframe a day and a
    # tombstone when a key disappears (dbpatrol/snapshots.py; docs/window.md "Statement sources").
    store: Literal["every", "changed"] = "every"
    # The file (same folder and variant rules) that reads the text of the keys named by the bind
    # :queryids (a list of the keys' numeric ids, the key's third ':' field), run only for keys the
    # store holds no text of yet; columns object, text. Texts are masked and bounded (mask_statement).
    texts: str | None = None


SOURCES: tuple[Source, ...] = (
    Source("pg.database", "postgresql", "database", min_version="10",
           what="pg_stat_database + pg_stat_database_conflicts counters per database"),
    Source("pg.bgwriter", "postgresql", "bgwriter", min_version="10",
           what="checkpointer and background writer counters"),
    Source("pg.wal", "postgresql", "wal", min_version="14", what="pg_stat_wal: WAL records, bytes, full-page images"),
    Source("pg.archiver", "postgresql", "archiver", min_version="10", what="archived and failed WAL files"),
    Source("pg.activity", "postgresql", "activity", min_version="10",
           what="session gauges: connections, running, waiting on locks, idle in transaction, oldest transaction"),
    Source("pg.replication", "postgresql", "replication", min_version="10", what="lag of each WAL sender"),
    Source("pg.slots", "postgresql", "slots", min_version="10", what="WAL retained by each replication slot"),
    Source("my.status", "mysql", "status", shape="pairs",
           what="global status counters (Questions, Slow_queries, Aborted_*, Innodb_*) and session gauges"),
    Source("my.innodb_metrics", "mysql", "innodb_metrics", min_version="8.0", flavors=("mysql",),
           what="MySQL 8 INNODB_METRICS counters (lock_deadlocks …), each since it was enabled"),
    Source("pg.tables", "postgresql", "tables", min_version="10",
           what="per-table scan and vacuum counters of the 100 tables with most live rows (1,000 or more) in the "
                "database the session connects to: for the sequential-scan and autovacuum checks (PRF016, PRF017)"),
    Source("pg.sizes", "postgresql", "sizes", min_version="10",
           what="the size of each connectable database (pg_database_size): growth per day for the capacity "
                "forecast (PRF018)"),
    Source("pg.tablespaces", "postgresql", "tablespaces", min_version="10",
           what="the size of each tablespace outside the data directory (pg_tablespace_size): its growth per day against "
                "its own filesystem's free space (PRF018)"),
    Source("pg.waits", "postgresql", "waits", min_version="10",
           what="one sample of the active client sessions by wait event (other users than dbpatrol's): summed over a "
                "window's snapshots, the wait profile (PRF011)"),
    Source("pg.autovacuum", "postgresql", "autovacuum", min_version="10",
           what="autovacuum workers running (of autovacuum_max_workers) and the longest run; autovacuum and "
                "autoanalyze runs on the tables of the database the session connects to (PRF017)"),
    Source("pg.settings", "postgresql", "settings", min_version="10",
           what="server-wide settings not at their default (numbers; text as a hash), the system identifier and "
                "whether in recovery: for the settings drift and node consistency checks (CFG014, CFG015)"),
    Source("my.variables", "mysql", "variables", min_version="8.0",
           what="global variables not at their compiled-in value (numbers; text as CRC32): for the settings "
                "drift check (CFG042)"),
    Source("my.digests", "mysql", "digests", store="changed", texts="digests_text", requires=("performance_schema",),
           what="performance_schema statement digests per (schema, digest): executions, time, lock time, rows "
                "sent/examined/affected, temporary (disk) tables, full joins/scans, sort merge passes, no (good) "
                "index used, errors; '(instance)': entries, max, digest_lost, unhashed, excluded. Stored when changed; "
                "texts once per digest (PRF040, PRF041)"),
    Source("my.waits", "mysql", "waits", store="changed", requires=("performance_schema",),
           what="performance_schema wait events (count, time) per event name, idle left out; stored when changed (PRF042)"),
    Source("my.file_io", "mysql", "file_io", store="changed", requires=("performance_schema",),
           what="performance_schema file I/O per kind of file (reads, writes, misc: counts, time, bytes); stored "
                "when changed (PRF043)"),
    Source("ora.grants", "oracle", "grants", shape="pairs", min_version="19",
           what="Oracle: the system, role and object grants of application users and roles, one key each "
                "(value 1): for the privilege-change check (SEC009)"),
    Source("my.schema_sizes", "mysql", "schema_sizes",
           what="each schema's InnoDB data + index bytes from mysql.innodb_table_stats (a gauge): the capacity "
                "forecast's growth per day (PRF039)"),
    Source("pg.statements", "postgresql", "statements", min_version="13", store="changed", texts="statements_text",
           requires=("preload:pg_stat_statements", "extension:pg_stat_statements"),
           what="pg_stat_statements per statement (userid:dbid:queryid:toplevel): calls, times, rows, shared/temp "
                "blocks, I/O time, WAL bytes; the '(instance)' row: entries, max, dealloc (14+). Stored when "
                "changed; texts once per statement (PRF001-PRF003)"),
)


def by_name(name: str) -> Source:
    for s in SOURCES:
        if s.name == name:
            return s
    raise KeyError(f"no snapshot source {name!r} (checks/samples SOURCES)")


_VARIANT = re.compile(r"^(?P<file>[a-z_]+)(?:@(?P<version>[0-9][0-9.]*))?\.sql$")


def sql_for(source: Source, flavor: str, version: tuple[int, ...], file: str | None = None) -> str | None:
    """The source's SQL for this server (``file``: another file of the source, e.g. its texts): its own
    engine's newest variant it meets, then the fallback's."""
    file = file or source.file
    engines = [flavor, SQL_FALLBACK.get(flavor)] if source.engine == "mysql" else [source.engine]
    for eng in engines:
        folder = HERE / (eng or "")
        if not eng or not folder.is_dir():
            continue
        variants = []
        for path in folder.glob(f"{file}*.sql"):
            m = _VARIANT.match(path.name)
            if m and m["file"] == file:
                variants.append((parse_version(m["version"] or "0"), path))
        for min_version, path in sorted(variants, reverse=True):
            if min_version <= version:
                return path.read_text(encoding="utf-8")
    return None


def applies(source: Source, session: Session) -> bool:
    engine = "mysql" if session.flavor in ("mysql", "mariadb") else session.flavor
    if source.engine != engine or session.version < parse_version(source.min_version):
        return False
    if source.flavors and session.flavor not in source.flavors:
        return False
    return unmet(source.requires, session.facts) is None


@dataclass
class SampleRow:
    source: str
    object: str
    epoch: dt.datetime | None
    data: dict[str, float]


@dataclass
class Snapshot:
    taken_at: dt.datetime  # UTC, before the first statement
    rows: list[SampleRow] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # source → why it was not read
    texts: dict[tuple[str, str], str] = field(default_factory=dict)  # (source, key) → masked text (new keys only)
    changed: set[str] = field(default_factory=set)  # sources stored only where changed (Source.store)
    statements: int = 0
    duration_ms: float = 0.0

    @property
    def cause(self) -> str | None:
        return "; ".join(f"{k}: {v}" for k, v in sorted(self.refused.items())) or None


def numbers(data: Any) -> dict[str, float]:
    """The numeric values of a JSON object (text from the driver, or a dict); the rest is dropped."""
    if isinstance(data, (str, bytes, bytearray)):
        data = json.loads(data)
    out = {}
    for k, v in (data or {}).items():
        n = number(v)
        if n is not None:
            out[str(k).lower()] = n
    return out


def number(v: Any) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    try:
        text = str(v).strip()
        return int(text) if re.fullmatch(r"-?\d+", text) else float(text)
    except (TypeError, ValueError):
        return None


def utc(v: Any) -> dt.datetime | None:
    """A naive UTC datetime (how the store keeps times), from a server's timestamp."""
    if v is None:
        return None
    if isinstance(v, str):
        try:
            v = dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(v, dt.datetime):
        return None
    if v.tzinfo is not None:  # PostgreSQL timestamptz; MySQL UTC_TIMESTAMP() arrives naive, already UTC
        v = v.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return v


# Remaining literals in a normalised statement (pg_stat_statements leaves them in utility statements
# and where it could not normalise): strings (with E/N/B/X prefixes, doubled quotes), dollar-quoted
# bodies, and numbers that are not a $n parameter or part of a name.
_ESTRING = re.compile(r"(?<![\w$])[Ee]'(?:[^'\\]|\\.|'')*'?", re.DOTALL)
_STRING = re.compile(r"(?<![\w$])[NnBbXxUu]?&?'(?:[^']|'')*'?", re.DOTALL)
_DOLLAR = re.compile(r"(\$[A-Za-z_]*\$).*?\1", re.DOTALL)
_NUMBER = re.compile(r"(?<![\w$.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])")
TEXT_LIMIT = 2000


def mask_statement(text: Any, limit: int = TEXT_LIMIT) -> str:
    """A statement's text as stored: literals the engine left in it masked ('?', ?), whitespace runs
    folded, cut at ``limit`` characters (an ellipsis says so). Normalised text keeps $1 … as it is."""
    s = "" if text is None else str(text)
    s = s[: limit * 2]  # bounded work: a literal cut here is masked as an unterminated one
    s = _DOLLAR.sub("$?$", s)
    s = _ESTRING.sub("'?'", s)
    s = _STRING.sub("'?'", s)
    s = _NUMBER.sub("?", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _read_texts(session: Session, source: Source, keys: list[str], snap: Snapshot) -> None:
    """The texts of ``keys`` (new to the store) into ``snap.texts``; a refusal costs the texts only."""
    sql = sql_for(source, session.flavor, session.version, source.texts)
    ids = sorted({int(k.split(":")[2]) for k in keys if k.count(":") >= 2 and k.split(":")[2].lstrip("-").isdigit()})
    if sql is None or not ids:
        return
    wanted = set(keys)
    try:
        snap.statements += 1
        rows = session.run(sql, {"queryids": ids}, timeout_s=SOURCE_TIMEOUT_S)
    except QueryError as exc:
        snap.refused[source.name + " texts"] = f"{exc.kind}: {exc.message}"[:300]
        return
    for r in rows:
        key = str(r.get("object"))
        text = r.get("text")
        if key in wanted and text is not None:
            snap.texts[(source.name, key)] = mask_statement(text)


def take(session: Session, known_texts=None) -> Snapshot:
    """One snapshot of every source that applies to this server, each in its own read-only
    transaction with a short statement timeout; refused sources are named, never fatal.

    ``known_texts(source_name) -> set of keys``: the keys whose text the store already holds
    (dbpatrol.snapshots.text_keys); only the others' texts are read. None: every key's text."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    snap = Snapshot(taken_at=now)
    t0 = time.perf_counter()
    for source in SOURCES:
        if not applies(source, session):
            continue
        sql = sql_for(source, session.flavor, session.version)
        if sql is None:
            continue
        try:
            snap.statements += 1
            # the server's settings as they are (pg.settings records them; no source here is compiled by jit)
            rows = session.run(sql, {}, timeout_s=SOURCE_TIMEOUT_S, keep_settings=True)
        except QueryError as exc:
            snap.refused[source.name] = f"{exc.kind}: {exc.message}"[:300]
            continue
        if source.shape == "pairs":
            data = {}
            for r in rows:
                n = number(r.get("value"))
                if n is not None:
                    data[str(r.get("name")).lower()] = n
            uptime = data.get("uptime")
            epoch = now - dt.timedelta(seconds=uptime) if uptime is not None else None
            if data:
                snap.rows.append(SampleRow(source.name, INSTANCE, epoch.replace(microsecond=0) if epoch else None, data))
            continue
        for r in rows:
            if r.get("object") is None:
                continue
            snap.rows.append(SampleRow(source.name, str(r["object"]), utc(r.get("epoch")), numbers(r.get("data"))))
        if source.store == "changed":
            snap.changed.add(source.name)
        if source.texts:
            known = known_texts(source.name) if known_texts is not None else set()
            new = [r.object for r in snap.rows if r.source == source.name and r.object != INSTANCE and r.object not in known]
            if new:
                _read_texts(session, source, new, snap)
    own_end(session, snap)
    snap.duration_ms = round((time.perf_counter() - t0) * 1000, 2)
    return snap


OWN_SOURCE = "my.status"  # the source whose '(instance)' row carries the writer's own counters (own.* / end.*)


def own_end(session: Session, snap: Snapshot | None = None) -> dict[str, float]:
    """mysql-perf-review S1: this session's own counters now (``end.<name>``, own_status.sql), read as the last statement
    of a snapshot writer's session — the sampler after its sources, an inspection again after its checks
    (dbpatrol.snapshots.record_own_end). With ``snap``: merged into its my.status row. {} when the snapshot has no
    own.* counters (not MySQL/MariaDB, an older status.sql) or the read is refused."""
    row = None
    if snap is not None:
        row = next((r for r in snap.rows if r.source == OWN_SOURCE and r.object == INSTANCE), None)
        if row is None or not any(k.startswith("own.") for k in row.data):
            return {}
    if session.flavor not in ("mysql", "mariadb"):
        return {}
    sql = sql_for(by_name(OWN_SOURCE), session.flavor, session.version, file="own_status")
    if sql is None:
        return {}
    try:
        rows = session.run(sql, {}, timeout_s=SOURCE_TIMEOUT_S)
    except QueryError:
        return {}
    data = {str(r.get("name")).lower(): n for r in rows if (n := number(r.get("value"))) is not None}
    if session.flavor == "mariadb" and "end.questions" in data:
        # the COM_QUIT that ends the session after this read counts as one question on MariaDB (measured on 10.11:
        # the session's counters at its last read and the global delta over the session differ by exactly 1)
        data["end.questions"] += 1
    if row is not None:
        row.data.update(data)
    return data
