"""Host/OS collection over SSH for the ``os`` checks (checks/os/OSH…): the command collector.

A check's ``collect.py`` calls the row builders here. Each runs fixed read-only commands (the table
below; argv, never a shell line built from input: dbpatrol/ssh.py ``command_line``) on the instance's
host through ``ctx.session.host_access`` (set by flows/runner.py from the inventory's ``hosts[].ssh``;
one connection and one result per command per host and inspection, shared by the instances there).
Directories and the server's PID come from the database (``data_directory``, ``log_directory``,
tablespaces, ``postmaster.pid``; MariaDB/MySQL ``@@datadir``, ``@@log_bin_basename``, ``@@log_error``,
``@@pid_file``; Oracle V$DIAG_INFO and V$PARAMETER: ADR base, trace, audit, FRA and archive destinations;
V$PROCESS: PMON's OS process id)
and pass :func:`dbpatrol.ssh.safe_path` before they become one argument.

Commands: ``df -P -k DIR``, ``df -P -i DIR``, ``readlink -f DATADIR/pg_wal``, ``cat /proc/meminfo``,
``cat /proc/loadavg``, ``getconf _NPROCESSORS_ONLN``, ``cat /sys/kernel/mm/transparent_hugepage/enabled``
(and ``defrag``), ``cat /proc/sys/vm/swappiness /proc/sys/vm/overcommit_memory``, ``head -n 1
DATADIR/postmaster.pid`` / ``cat PID_FILE`` / ``cat /proc/PID/stat``, ``cat /proc/PID/comm``,
``cat /proc/PID/limits``, ``date +%s.%N``, ``timedatectl show``, ``chronyc -c tracking``,
``journalctl --utc --list-boots``, ``cat /proc/stat``, ``journalctl -o short-unix _TRANSPORT=kernel
--since @S --until @E`` (else ``dmesg --time-format iso``).

No ``ssh:`` for the host → SKIPPED "not inspected: no ssh configured for host X"; the host key not
verified, the login refused, sshd not answering → SKIPPED "not inspected: <why>" (never OK); a command
cut at its timeout → the check's ERROR naming the command.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import time
from typing import Any

from dbpatrol.ssh import MAX_BYTES, CommandResult, HostUnavailable, NoSsh, safe_path

from ..collect import CollectContext, CollectSkip

DB_PROCESSES = ("postgres", "postmaster", "mysqld", "mariadbd")
ORA_PMON = "ora_pmon_"  # an Oracle instance's PMON: comm ora_pmon_<SID> (cut at 15 characters by the kernel)


# ----- access -----------------------------------------------------------------------------------


def access(ctx: CollectContext):
    a = getattr(ctx.session, "host_access", None)
    if a is None:
        raise CollectSkip("unreachable", "no ssh configured for this instance's host (host access comes from the "
                          "inventory's hosts[].ssh when an inspection runs)",
                          "该实例所在主机未配置 ssh（主机访问来自巡检清单的 hosts[].ssh）")
    if isinstance(a, NoSsh):
        raise CollectSkip("unreachable", f"no ssh configured for host {a.host}", f"主机 {a.host} 未配置 ssh")
    return a


def run(ctx: CollectContext, argv: list[str], *, cache: bool = True, max_bytes: int = MAX_BYTES) -> CommandResult:
    """One fixed command on the instance's host. HostUnavailable → SKIPPED not inspected (CollectSkip);
    CommandTimeout propagates (the check's ERROR names the command and its timeout)."""
    a = access(ctx)
    try:
        return a.run(argv, ctx.timeout_s, cache=cache, max_bytes=max_bytes)
    except HostUnavailable as exc:
        raise CollectSkip("unreachable", exc.en, exc.zh) from None


def host_name(ctx: CollectContext) -> str:
    return access(ctx).host


# ----- what the database says about itself ------------------------------------------------------

PG_FACTS_SQL = """
SELECT current_setting('data_directory') AS data_directory,
       current_setting('log_directory') AS log_directory,
       current_setting('logging_collector') AS logging_collector,
       pg_backend_pid() AS backend_pid,
       current_setting('max_connections')::int AS max_connections,
       current_setting('autovacuum_max_workers')::int AS autovacuum_max_workers,
       current_setting('max_worker_processes')::int AS max_worker_processes,
       current_setting('max_wal_senders')::int AS max_wal_senders,
       current_setting('max_files_per_process')::int AS max_files_per_process,
       (SELECT string_agg(spcname || E'\\t' || pg_tablespace_location(oid), E'\\n' ORDER BY spcname)
          FROM pg_tablespace WHERE pg_tablespace_location(oid) <> '') AS tablespaces
"""
MY_FACTS_SQL = ("SELECT @@datadir AS datadir, @@log_bin AS log_bin, @@log_bin_basename AS log_bin_basename, "
                "@@log_error AS log_error, @@pid_file AS pid_file, @@max_connections AS max_connections, "
                "@@table_open_cache AS table_open_cache, @@open_files_limit AS open_files_limit")

# Oracle: the directories the instance writes outside its datafiles (catalog ORA-OS-03): the ADR base and
# this instance's trace directory (V$DIAG_INFO: the alert log and traces), the audit file destination, the
# fast recovery area and every local archive destination ('LOCATION=…' in LOG_ARCHIVE_DEST_n). ASM paths
# (+DATA…) are not file systems: OBJ007 rates disk groups; they are left out with a note.
ORA_FACTS_SQL = """
SELECT (SELECT MAX(d.value) FROM v$diag_info d WHERE d.name = 'ADR Base')            AS adr_base,
       (SELECT MAX(d.value) FROM v$diag_info d WHERE d.name = 'Diag Trace')          AS diag_trace,
       (SELECT MAX(p.value) FROM v$parameter p WHERE p.name = 'audit_file_dest')     AS audit_file_dest,
       (SELECT MAX(p.value) FROM v$parameter p WHERE p.name = 'db_recovery_file_dest') AS recovery_dest,
       (SELECT LISTAGG(p.value, CHR(10)) WITHIN GROUP (ORDER BY p.name) FROM v$parameter p
        WHERE p.name LIKE 'log_archive_dest_%' AND p.name NOT LIKE 'log_archive_dest_state%'
          AND UPPER(p.value) LIKE '%LOCATION=%')                                     AS archive_dests
FROM dual
"""
_ORA_LOCATION = re.compile(r"LOCATION\s*=\s*\"?([^\s,\"]+)", re.I)


def db_facts(ctx: CollectContext) -> dict[str, Any]:
    if ctx.session.flavor == "oracle":
        return ctx.memo(("host-db-facts",), lambda: dict(ctx.run(ORA_FACTS_SQL)[0]))
    sql = PG_FACTS_SQL if ctx.session.flavor == "postgresql" else MY_FACTS_SQL
    return ctx.memo(("host-db-facts",), lambda: dict(ctx.run(sql)[0]))


def _under(base: str, p: str) -> str:
    return p if p.startswith("/") else posixpath.join(base, p)


def directories(ctx: CollectContext) -> tuple[list[tuple[str, str]], list[str]]:
    """[(role, absolute path)] of the server's data, WAL / binary log, log and tablespace directories
    (the same path under several roles once, roles joined by '+'), and notes on paths left out."""
    f = db_facts(ctx)
    found: list[tuple[str, Any]] = []
    if ctx.session.flavor == "postgresql":
        data = str(f.get("data_directory") or "")
        found.append(("data", data))
        wal = posixpath.join(data, "pg_wal")
        link = run(ctx, ["readlink", "-f", _safe(wal) or "/"]) if _safe(wal) else None
        found.append(("wal", link.text.strip() if link is not None and link.ok and link.text.strip() else wal))
        if str(f.get("logging_collector") or "").lower() in ("on", "true", "1") and f.get("log_directory"):
            found.append(("log", _under(data, str(f["log_directory"]))))
        for line in str(f.get("tablespaces") or "").splitlines():
            name, _, loc = line.partition("\t")
            found.append((f"tablespace {name}", loc))
    elif ctx.session.flavor == "oracle":
        for role, key in (("diag", "adr_base"), ("trace", "diag_trace"), ("audit", "audit_file_dest"),
                          ("fra", "recovery_dest")):
            if f.get(key):
                found.append((role, str(f[key])))
        for line in str(f.get("archive_dests") or "").splitlines():
            m = _ORA_LOCATION.search(line)
            if m and m.group(1).upper() != "USE_DB_RECOVERY_FILE_DEST":
                found.append(("archive", m.group(1)))
    else:
        data = str(f.get("datadir") or "")
        found.append(("data", data))
        if str(f.get("log_bin") or "0").upper() in ("1", "ON") and f.get("log_bin_basename"):
            found.append(("binlog", posixpath.dirname(_under(data, str(f["log_bin_basename"])))))
        err = str(f.get("log_error") or "").strip()
        if err and err.lower() not in ("stderr", "0"):
            found.append(("error log", posixpath.dirname(_under(data, err))))
    out: dict[str, list[str]] = {}
    notes: list[str] = []
    for role, path in found:
        p = _safe(path)
        if p is None:
            notes.append(f"{role} directory {str(path)[:100]!r} left out (not an absolute path)")
            continue
        out.setdefault(p, []).append(role)
    return [("+".join(roles), p) for p, roles in out.items()], notes


def _safe(path: Any) -> str | None:
    try:
        return safe_path(path)
    except ValueError:
        return None


def server_pid(ctx: CollectContext) -> tuple[int, str]:
    """The server's PID on the host and how it was learned; CollectSkip when it cannot be, or when that
    PID on the host is not a database server (ssh points at another host?)."""
    def find():
        f = db_facts(ctx) if ctx.session.flavor != "oracle" else {}
        pid, how = None, ""
        if ctx.session.flavor == "postgresql":
            pidfile = _safe(posixpath.join(str(f.get("data_directory") or ""), "postmaster.pid"))
            r = run(ctx, ["head", "-n", "1", pidfile]) if pidfile else None
            if r is not None and r.ok and r.text.strip().isdigit():
                pid, how = int(r.text.strip()), f"{pidfile} line 1"
            elif f.get("backend_pid"):
                backend = int(f["backend_pid"])  # our own backend: its parent is the postmaster
                st = run(ctx, ["cat", f"/proc/{backend}/stat"])
                m = re.match(r"^\d+ \(.*\) \S (\d+) ", st.text) if st.ok else None
                if m:
                    pid, how = int(m.group(1)), f"parent of this session's backend {backend} (postmaster.pid not readable)"
        elif ctx.session.flavor == "oracle":
            from .oracle import ORA_PROCESS_SQL

            row = ctx.memo(("ora-process",), lambda: dict(ctx.run(ORA_PROCESS_SQL)[0]))
            spid = str(row.get("pmon_spid") or "").strip()
            if spid.isdigit():
                pid, how = int(spid), "V$PROCESS.SPID of PMON"
        else:
            pidfile = _safe(str(f.get("pid_file") or ""))
            r = run(ctx, ["cat", pidfile]) if pidfile else None
            if r is not None and r.ok and r.text.strip().isdigit():
                pid, how = int(r.text.strip()), f"@@pid_file {pidfile}"
        if pid is None:
            return None, "the server's PID could not be read on the host (postmaster.pid / @@pid_file / V$PROCESS PMON)"
        comm = run(ctx, ["cat", f"/proc/{pid}/comm"])
        name = comm.text.strip() if comm.ok else ""
        if name not in DB_PROCESSES and not name.startswith(ORA_PMON):
            return None, (f"PID {pid} ({how}) on host {host_name(ctx)} is {name or 'not running'}, not the database "
                          "server: does the inventory's ssh point at this instance's host?")
        return pid, how

    pid, how = ctx.memo(("host-server-pid",), find)
    if pid is None:
        raise CollectSkip("unreachable", how, f"无法在主机上确定数据库进程：{how}")
    return pid, how


# ----- parsers (pure: the unit tests feed them recorded output) ---------------------------------

_DF = re.compile(r"^(?P<fs>.*?)\s+(?P<total>\d+)\s+(?P<used>\d+)\s+(?P<free>\d+)\s+(?P<pct>\d+%|-)\s+(?P<mount>/.*)$")


def parse_df(text: str) -> dict[str, Any] | None:
    """The data line of ``df -P -k DIR`` / ``df -P -i DIR``: filesystem, total, used, free, mount."""
    lines = [ln for ln in text.splitlines()[1:] if ln.strip()]
    if not lines:
        return None
    m = _DF.match(" ".join(lines))  # -P keeps one line per filesystem; a long name may still wrap
    if not m:
        return None
    return {"filesystem": m["fs"].strip(), "total": int(m["total"]), "used": int(m["used"]), "free": int(m["free"]),
            "mount": m["mount"]}


def used_pct(used: int, free: int) -> float | None:
    """df's Use%: used / (used + available) — the blocks reserved for root count as not available."""
    return None if used + free <= 0 else round(100.0 * used / (used + free), 1)


def parse_meminfo(text: str) -> dict[str, int]:
    out = {}
    for line in text.splitlines():
        k, _, v = line.partition(":")
        parts = v.split()
        if parts and parts[0].isdigit():
            out[k.strip()] = int(parts[0])  # kB
    return out


def thp_mode(text: str) -> str | None:
    m = re.search(r"\[([^\]\s]+)\]", text)  # defrag offers "defer+madvise"
    return m.group(1) if m else (text.strip() or None)


def parse_limits(text: str) -> dict[str, tuple[float | None, float | None]]:
    """/proc/PID/limits → {"Max open files": (soft, hard)} with None for unlimited."""
    out = {}
    for line in text.splitlines()[1:]:
        m = re.match(r"^(Max [a-z ]+?)\s{2,}(\S+)\s+(\S+)", line)
        if m:
            conv = (lambda v: None if v == "unlimited" else float(v) if re.fullmatch(r"\d+", v) else None)
            out[m.group(1)] = (conv(m.group(2)), conv(m.group(3)))
    return out


def ssh_ok(ctx: CollectContext) -> None:
    """Raise CollectSkip now when the host cannot be inspected (before any database read)."""
    access(ctx)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def measured_skew(ctx: CollectContext) -> tuple[float, float]:
    """(the host's clock − this process's clock, the round trip) from ``date +%s.%N`` read mid-trip."""
    t0 = time.time()
    r = run(ctx, ["date", "+%s.%N"], cache=False)
    t1 = time.time()
    try:
        remote = float(r.text.strip())
    except ValueError:
        raise RuntimeError(f"date +%s.%N answered {r.text.strip()[:60]!r}") from None
    return remote - (t0 + t1) / 2, t1 - t0
