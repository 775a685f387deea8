"""MySQL / MariaDB backup history tables, where the backup tool writes them.

=================================  ===============================================================
table                              written by
=================================  ===============================================================
``mysql.mariadb_backup_history``   mariadb-backup ``--backup --history[=series]`` (measured: MariaDB
                                   10.11 community writes it here, one row per *successful* backup)
``PERCONA_SCHEMA.xtrabackup_history``  Percona XtraBackup ``--history``; mariabackup up to 10.6
``mysql.backup_history``           MySQL Enterprise Backup (every run, unless ``--no-history-logging``),
                                   with ``exit_state`` SUCCESS / FAILURE
=================================  ===============================================================

mariadb-backup and XtraBackup write their row at the end of a successful backup only (measured for
mariadb-backup 10.11: a backup that failed wrote nothing), so there a failed run shows as a missing
one; MySQL Enterprise Backup records failures too.

**What the monitoring user can see.** A table is listed in ``information_schema.TABLES`` only to a
user holding some privilege on it (or on its schema, or a global one), and a table-level GRANT can
be given only once the table exists (``GRANT SELECT ON mysql.mariadb_backup_history`` on a server
without it: ERROR 1146) — while ``SELECT`` from it without the grant is refused (1142) whether it
exists or not. So applicability is probed through ``information_schema.TABLES``: a table listed there
is read; one not listed may be absent *or* not granted. With PROCESS, the InnoDB dictionary
(``INNODB_SYS_TABLES`` on MariaDB, ``INNODB_TABLES`` on MySQL 8) lists every InnoDB table whatever the
table grants, and tells the two apart: present but not granted → SKIPPED missing privilege, naming the
GRANT; absent → SKIPPED not applicable "no backup history table (backups made without --history)".
Without PROCESS the same not-applicable message says the table may exist ungranted. ``PERCONA_SCHEMA``
can be granted ahead (``GRANT SELECT ON PERCONA_SCHEMA.*`` works before the schema exists).
"""

from __future__ import annotations

from typing import Any

from checks.adapters.base import QueryError
from checks.collect import CollectContext, CollectSkip

from . import age_row, window_row

# (schema, table, tool, shape): xtrabackup-shaped tables (uuid, name, incremental, partial, start/end_time)
# and MySQL Enterprise Backup's (backup_id, backup_type, exit_state, last_error, start/end_time)
TABLES = (
    ("mysql", "mariadb_backup_history", "mariadb-backup", "xtrabackup"),
    ("PERCONA_SCHEMA", "xtrabackup_history", "xtrabackup", "xtrabackup"),
    ("mysql", "backup_history", "mysql enterprise backup", "meb"),
)
NAMES = ", ".join(f"{s}.{t}" for s, t, _, _ in TABLES)
VISIBLE_SQL = ("SELECT table_schema AS s, table_name AS t FROM information_schema.TABLES WHERE "
               "(table_schema = 'mysql' AND table_name IN ('mariadb_backup_history', 'backup_history')) "
               "OR (table_schema = 'PERCONA_SCHEMA' AND table_name = 'xtrabackup_history')")
COLUMNS_SQL = ("SELECT table_schema AS s, table_name AS t, lower(column_name) AS c FROM information_schema.COLUMNS WHERE "
               "(table_schema = 'mysql' AND table_name IN ('mariadb_backup_history', 'backup_history')) "
               "OR (table_schema = 'PERCONA_SCHEMA' AND table_name = 'xtrabackup_history')")
DICTIONARY_SQL = {  # needs PROCESS; InnoDB names are schema/table
    "mariadb": "SELECT name FROM information_schema.INNODB_SYS_TABLES WHERE name IN "
               "('mysql/mariadb_backup_history', 'PERCONA_SCHEMA/xtrabackup_history', 'mysql/backup_history')",
    "mysql": "SELECT name FROM information_schema.INNODB_TABLES WHERE name IN "
             "('mysql/mariadb_backup_history', 'PERCONA_SCHEMA/xtrabackup_history', 'mysql/backup_history')",
}
LIMIT = 1000  # backups read inside the window per table


def _xtrabackup_sql(schema: str, table: str) -> str:
    """The newest complete full, the newest incremental (before the window's end) and every backup inside
    the window. Times as epochs (UNIX_TIMESTAMP of the TIMESTAMP columns): no session time zone enters."""
    base = (f"SELECT uuid AS id, name, incremental, partial, UNIX_TIMESTAMP(start_time) AS start_ts, "
            f"UNIX_TIMESTAMP(end_time) AS stop_ts FROM {schema}.{table} WHERE end_time IS NOT NULL "
            f"AND UNIX_TIMESTAMP(end_time) < :end_ts")
    return (f"({base} AND incremental <> 'Y' AND partial <> 'Y' ORDER BY end_time DESC LIMIT 1) UNION ALL "
            f"({base} AND incremental = 'Y' AND partial <> 'Y' ORDER BY end_time DESC LIMIT 1) UNION ALL "
            f"({base} AND UNIX_TIMESTAMP(end_time) >= :start_ts ORDER BY end_time DESC LIMIT {LIMIT})")


_MEB_OPTIONAL = ("exit_state", "last_error", "backup_type")


def _meb_sql(columns: set[str]) -> str:
    """MySQL Enterprise Backup's table, reading the optional columns it has (fixed names only)."""
    state = "exit_state" if "exit_state" in columns else "'SUCCESS'"
    error = "last_error" if "last_error" in columns else "NULL"
    kind = "upper(backup_type)" if "backup_type" in columns else "'FULL'"
    stop = "UNIX_TIMESTAMP(coalesce(end_time, start_time))"
    base = (f"SELECT backup_id AS id, {kind} AS backup_type, upper({state}) AS exit_state, {error} AS last_error, "
            f"UNIX_TIMESTAMP(start_time) AS start_ts, {stop} AS stop_ts FROM mysql.backup_history "
            f"WHERE {stop} < :end_ts")
    good = f"upper({state}) = 'SUCCESS'"
    return " UNION ALL ".join(
        [f"({base} AND {good} AND {kind} = '{k}' ORDER BY {stop} DESC LIMIT 1)" for k in ("FULL", "DIFFERENTIAL", "INCREMENTAL")]
        + [f"({base} AND {stop} >= :start_ts ORDER BY {stop} DESC LIMIT {LIMIT})"])


_MEB_KIND = {"FULL": "full", "DIFFERENTIAL": "diff", "INCREMENTAL": "incr"}


def _backups(ctx: CollectContext, schema: str, table: str, shape: str, columns: set[str]) -> list[dict[str, Any]]:
    params = {"start_ts": ctx.window_start.timestamp(), "end_ts": ctx.window_end.timestamp()}
    sql = _xtrabackup_sql(schema, table) if shape == "xtrabackup" else _meb_sql(columns)
    seen: dict[Any, dict[str, Any]] = {}
    for r in ctx.run(sql, params):
        if r["id"] in seen:
            continue
        stop = float(r["stop_ts"]) if r.get("stop_ts") is not None else None
        if shape == "xtrabackup":
            partial = str(r.get("partial") or "").upper() == "Y"
            kind = "partial" if partial else "incr" if str(r.get("incremental") or "").upper() == "Y" else "full"
            label = f"{r.get('name')} {r['id']}" if r.get("name") else str(r["id"])
            seen[r["id"]] = {"label": label, "kind": kind, "stop": stop, "good": True, "error": None}
        else:
            good = str(r.get("exit_state") or "").upper() == "SUCCESS"
            kind = _MEB_KIND.get(str(r.get("backup_type") or "").upper(), "partial")
            seen[r["id"]] = {"label": f"backup_id {r['id']} ({str(r.get('backup_type') or '').lower()})", "kind": kind,
                             "stop": stop, "good": good,
                             "error": None if good else (r.get("last_error") or f"exit_state {r.get('exit_state')}")}
    return sorted(seen.values(), key=lambda b: b["stop"] or 0)


def _visible(ctx: CollectContext) -> list[tuple[str, str, str, str, set[str]]]:
    """The history tables the monitoring user can read, with their columns; SKIPPED when none."""
    rows = ctx.run(VISIBLE_SQL)
    listed = {(r["s"], r["t"]) for r in rows}
    if listed:
        cols: dict[tuple[str, str], set[str]] = {}
        for r in ctx.run(COLUMNS_SQL):
            cols.setdefault((r["s"], r["t"]), set()).add(r["c"])
        return [(s, t, tool, shape, cols.get((s, t), set())) for s, t, tool, shape in TABLES if (s, t) in listed]
    flavor = ctx.session.flavor
    try:
        present = [str(r["name"]) for r in ctx.run(DICTIONARY_SQL["mariadb" if flavor == "mariadb" else "mysql"])]
    except QueryError as exc:
        if exc.kind != "privilege":
            raise
        raise CollectSkip(
            "not_applicable",
            f"no backup history table (backups made without --history): none of {NAMES} is visible to the monitoring "
            "user. information_schema lists a table only to a user holding a privilege on it, and SELECT can be granted "
            "only once the table exists: if backups do write one, grant SELECT on it (or PROCESS, to let dbpatrol tell "
            "an absent table from one not granted)",
            f"没有备份历史表（备份时未使用 --history）：监控用户看不到 {NAMES} 中的任何一个。information_schema 只向对表"
            "持有权限的用户列出该表，而 SELECT 只能在表存在后授予：若备份确实写入历史表，请授予其 SELECT 权限"
            "（或授予 PROCESS，使 dbpatrol 能区分表不存在与未授权）") from None
    if present:
        names = ", ".join(n.replace("/", ".") for n in present)
        raise CollectSkip("privilege", f"backup history table {names} exists but the monitoring user holds no SELECT on "
                                       f"it: GRANT SELECT ON {present[0].replace('/', '.')} TO <monitoring user>",
                          f"备份历史表 {names} 存在，但监控用户对其没有 SELECT 权限：GRANT SELECT ON "
                          f"{present[0].replace('/', '.')} TO <监控用户>")
    raise CollectSkip("not_applicable", f"no backup history table (backups made without --history): none of {NAMES} "
                                        "exists on this server",
                      f"没有备份历史表（备份时未使用 --history）：本服务器上不存在 {NAMES} 中的任何一个")


def _sources(ctx: CollectContext):
    def compute():
        try:
            return [(s, t, tool, shape, _backups(ctx, s, t, shape, cols)) for s, t, tool, shape, cols in _visible(ctx)]
        except Exception as exc:  # noqa: BLE001 - one answer for both checks of the inspection
            return exc

    got = ctx.memo(("backup-history", ctx.window_start, ctx.window_end), compute)
    if isinstance(got, BaseException):
        raise got
    return got


def age_rows(ctx: CollectContext) -> list[dict[str, Any]]:
    out = []
    for schema, table, tool, _shape, backups in _sources(ctx):
        good = [b for b in backups if b["good"] and b["kind"] in ("full", "diff", "incr")]
        other = sum(1 for b in backups if not b["good"] or b["kind"] == "partial")
        out.append(age_row(tool, f"{schema}.{table}", good, other, ctx.window_end,
                           "partial backups (some tables only) are not counted" if other else ""))
    return out


def window_rows(ctx: CollectContext) -> list[dict[str, Any]]:
    # a partial backup (some tables only: --tables / --databases, MEB PARTIAL / TTS) restores no instance: it is
    # neither a good backup of the day nor a failed one (BAK014 leaves it out the same way)
    out = []
    for schema, table, tool, shape, backups in _sources(ctx):
        whole = [b for b in backups if b["kind"] != "partial" or not b["good"]]
        out.append(window_row(tool, f"{schema}.{table}", whole, ctx.window_start, ctx.window_end,
                              records_failures=shape == "meb",
                              note="partial backups (some tables only) are not counted" if len(whole) < len(backups) else ""))
    return out
