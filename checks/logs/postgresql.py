"""The PostgreSQL server log, read through SQL inside the window, once per inspection.

What it needs (declared by every server-log check):

* ``EXECUTE ON FUNCTION pg_catalog.pg_ls_logdir()`` — the log directory's files with their size and
  modification time (pg_monitor holds it; it can be granted alone);
* ``EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text, bigint, bigint)`` — a byte range of a
  file under the data directory or log_directory. Not ``pg_read_file``: that one checks the bytes
  against the server encoding and fails on a chunk that cuts a multibyte character in two (measured:
  "invalid byte sequence for encoding UTF8: 0xbb") or on a line a client wrote in another encoding.
  Not ``pg_read_server_files``: that reads any file the server's OS user can read, anywhere. The
  function grant stays within the data directory and log_directory — which still holds the raw table
  files, so ``dbpatrol checks grants`` prints it as an opt-in. (PostgreSQL 11+: before 11 the file
  functions were for superusers whatever was granted.)

The steps (the statements are small and bounded):

1. settings everyone may read: logging_collector (off: the log is not in files the server can list —
   not applicable), log_destination (jsonlog is read when on, else csvlog, else stderr), log_line_prefix,
   lc_messages, log_timezone, checkpoint_warning; ``current_logfiles`` (in the data directory, read with
   the same function) gives the log directory's path as the server spells it, without
   pg_read_all_settings (log_directory is hidden from other roles).
2. ``pg_ls_logdir()``: the files of the chosen format; a file last modified before the window start holds
   no line inside it and is not opened.
3. For each remaining file, oldest first: its first record (is it after the window end? then nothing),
   a binary search on byte offsets for the window start (a probe of 64 kB per step: ~15 probes for a
   1 GB file), then chunks of 1 MB up to the first record at or after the window end — or only the
   bytes after the offset the store remembers, plus the part before what was read when a window starts
   earlier. At most ``max_read_mb`` per inspection: beyond it the read stops, says where, and the next
   inspection goes on from there.
4. Every record is classified (:func:`classify`) and kept in the store per second and event, so the
   window is answered from the store: what earlier inspections read plus the new bytes.
"""

from __future__ import annotations

import datetime as dt
import os

from dbpatrol.log_offsets import FileState

from ..collect import CollectContext, CollectSkip
from . import event_rows, pg_messages, summary_row
from .pg_format import Prefix, Record, prefix_regex, zone
from .reading import LogRead, finish, group, read_file

PRIVILEGE = ("EXECUTE ON FUNCTION pg_catalog.pg_ls_logdir(), "
             "EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text, bigint, bigint)")

SETTINGS_SQL = ("SELECT name, setting FROM pg_settings WHERE name IN ('logging_collector', 'log_destination', "
                "'log_line_prefix', 'lc_messages', 'log_timezone', 'checkpoint_warning', 'log_checkpoints', "
                "'log_lock_waits', 'server_version_num')")
CURRENT_SQL = "SELECT pg_read_binary_file('current_logfiles', 0, 8192) AS b"
DIRECTORY_SQL = "SELECT current_setting('log_directory') AS d"
LIST_SQL = "SELECT name, size, modification FROM pg_ls_logdir() ORDER BY modification, name"
READ_SQL = "SELECT pg_read_binary_file(:path, :offset, :length) AS b"

SUFFIX = {"jsonlog": ".json", "csvlog": ".csv"}
BY_SQLSTATE = {"40P01": "deadlock", "55P03": "lock_timeout", "28P01": "auth_failure", "28000": "auth_failure",
               "53200": "out_of_memory", "58030": "io_error", "53100": "disk_full", "XX001": "data_corrupted",
               "XX002": "data_corrupted"}
_CHECKPOINT_FLAGS = ("shutdown", "end-of-recovery", "immediate", "force", "wait", "wal", "time", "flush-all")


# ----- classification ---------------------------------------------------------------------------


def classify(rec: Record, has_sqlstate: bool) -> list[tuple[str, str | None, str]]:
    """The events one record is: (event, code, classified_by). By SQLSTATE when the line carries one;
    by the message in the server's own translations when it does not (stderr without %e) and for the
    LOG messages that have none (checkpoints, a child terminated by a signal, a long lock wait); FATAL
    and PANIC by the severity word (translated: from the same catalogs)."""
    out: list[tuple[str, str | None, str]] = []
    sev = rec.severity
    code = rec.sqlstate if has_sqlstate else None
    if code and code != "00000":
        event = BY_SQLSTATE.get(code)
        if event == "auth_failure" and sev not in ("FATAL", None):
            event = None  # 28000 raised inside a session (SET ROLE …) is no failed login
        if event:
            out.append((event, code, "sqlstate"))
    if code is None or code == "00000" or sev == "LOG":
        # a line with a SQLSTATE of its own is only matched against the LOG messages that have none
        for event, state, need, _msgid, m in pg_messages.match(rec.message, log_only=code is not None, severity=sev):
            if need and sev is not None and sev != need:
                continue
            if event == "checkpoint_start":
                # "checkpoint starting: wal": the translated words come first, the flags are never translated
                flags = " ".join(v for v in m.groupdict().values() if v).split()
                if "wal" in flags and all(f in _CHECKPOINT_FLAGS for f in flags):
                    out.append(("checkpoint_wal", None, "message"))
                continue
            if event == "crash":
                signal = _signal(m)
                out.append(("crash", None if signal is None else f"signal {signal}", "message"))
                if signal == "9":
                    out.append(("killed", "signal 9", "message"))
                continue
            if any(e == event for e, _, _ in out):
                continue
            out.append((event, state, "message"))
    if sev == "PANIC":
        out.append(("panic", code, "severity"))
    elif sev == "FATAL" and not any(e == "auth_failure" for e, _, _ in out):
        out.append(("fatal", code, "severity"))
    return out


def _signal(m) -> str | None:
    """The signal number of "%s (PID %d) was terminated by signal %d: %s" (argument 3, wherever a
    translation put it)."""
    return m.groupdict().get("a3")


# ----- reading ----------------------------------------------------------------------------------


def _bytes(v) -> bytes:
    if v is None:
        return b""
    return bytes(v) if not isinstance(v, bytes) else v


class _Log:
    def __init__(self, ctx: CollectContext):
        self.ctx = ctx
        self.start, self.end = ctx.window_start, ctx.window_end
        cap = ctx.thresholds.get("max_read_mb")
        mb = cap.value if cap is not None and cap.value is not None else 32
        self.budget = int(float(mb) * (1 << 20))

    def read(self, path: str, offset: int, length: int) -> bytes:
        rows = self.ctx.run(READ_SQL, {"path": path, "offset": int(offset), "length": int(length)})
        return _bytes(rows[0]["b"]) if rows else b""

    def settings(self) -> dict[str, str]:
        return {r["name"]: str(r["setting"]) for r in self.ctx.run(SETTINGS_SQL)}

    def directory(self) -> tuple[str, dict[str, str]]:
        """The log directory as the server spells it (from current_logfiles), and format → current file."""
        from checks.adapters.base import QueryError

        current: dict[str, str] = {}
        try:
            for line in _bytes(self.ctx.run(CURRENT_SQL)[0]["b"]).decode("utf-8", "replace").splitlines():
                fmt, _, path = line.partition(" ")
                if path:
                    current[fmt] = path
        except QueryError as exc:
            if exc.kind in ("privilege", "timeout", "connection"):
                raise
        if current:
            return os.path.dirname(next(iter(current.values()))), current
        try:
            return self.ctx.run(DIRECTORY_SQL)[0]["d"], current
        except QueryError:
            raise CollectSkip("unreachable", "the server names no current log file (current_logfiles) and "
                                             "log_directory is hidden (pg_read_all_settings): cannot tell where to read",
                              "服务器未给出当前日志文件（current_logfiles），且 log_directory 不可见（需 pg_read_all_settings）："
                              "无法确定日志位置") from None


def read_log(ctx: CollectContext) -> LogRead:
    log = _Log(ctx)
    settings = log.settings()
    if settings.get("logging_collector") != "on":
        raise CollectSkip(
            "not_applicable",
            "logging_collector is off: the server log is not written to log_directory files (it goes to the "
            "service's stderr, the journal or syslog), which pg_ls_logdir()/pg_read_binary_file() cannot read "
            "(turn logging_collector on, or read the log on the host over SSH)",
            "logging_collector 为 off：服务器日志未写入 log_directory 文件（而是写到服务的 stderr、journal 或 syslog），"
            "pg_ls_logdir()/pg_read_binary_file() 无法读取（请开启 logging_collector，或通过 SSH 在主机上读取日志）")
    destinations = [d.strip() for d in settings.get("log_destination", "stderr").split(",") if d.strip()]
    fmt = next((f for f in ("jsonlog", "csvlog", "stderr") if f in destinations), None)
    if fmt is None:
        raise CollectSkip("not_applicable",
                          f"log_destination = {settings.get('log_destination')}: the server log goes to syslog / the "
                          "event log, not to files in log_directory that SQL can read",
                          f"log_destination = {settings.get('log_destination')}：服务器日志写往 syslog/事件日志，"
                          "不在可通过 SQL 读取的 log_directory 文件中")
    prefix: Prefix | None = None
    lc = settings.get("lc_messages") or "C"
    if fmt == "stderr":
        prefix = prefix_regex(settings.get("log_line_prefix", ""))
        if not prefix.has_time:
            raise CollectSkip(
                "unreachable",
                f"log_line_prefix = '{prefix.text}' has no timestamp (%m, %t or %n) and neither csvlog nor jsonlog "
                "is on: the log's lines cannot be placed in the window (add %m to log_line_prefix, or turn on jsonlog)",
                f"log_line_prefix = '{prefix.text}' 不含时间戳（%m、%t 或 %n），且未开启 csvlog/jsonlog："
                "无法判断日志行是否在窗口内（请在 log_line_prefix 中加入 %m，或开启 jsonlog）")
        if prefix.has_sqlstate:
            classification = ("classified by SQLSTATE (%e in log_line_prefix)", "按 SQLSTATE 分类（log_line_prefix 含 %e）")
        else:
            classification = (
                f"no SQLSTATE in these lines (log_line_prefix has no %e): classified by severity word and message "
                f"text in PostgreSQL's own translations (lc_messages = {lc}); a message with a translation this "
                "release does not have is missed — add %e, or turn on jsonlog",
                f"日志行不含 SQLSTATE（log_line_prefix 无 %e）：按严重级别词和消息文本（PostgreSQL 自带译文，lc_messages = "
                f"{lc}）分类；本版本译文中没有的消息会漏计——请加入 %e 或开启 jsonlog")
    else:
        classification = (f"classified by SQLSTATE ({fmt})", f"按 SQLSTATE 分类（{fmt}）")
    directory, _current = log.directory()
    tz = zone(settings.get("log_timezone"))
    source = f"pg.{fmt}"
    out = LogRead(source=source, fmt=fmt, classification=classification, settings=settings)

    listing = ctx.run(LIST_SQL)
    files = [r for r in listing if _is_format(str(r["name"]), fmt)]
    if not files:
        out.notes.append((f"no {fmt} file in log_directory", f"log_directory 中没有 {fmt} 文件"))
    # a file last written before the window start holds no line inside it (the second: mtime resolution)
    candidates = [r for r in files if _aware(r["modification"]) >= log.start - dt.timedelta(seconds=1)]
    out.files = len(candidates)
    state = ctx.state
    new_states: list[FileState] = []
    records: list[tuple[Record, str]] = []
    for i, r in enumerate(candidates):
        path = f"{directory}/{r['name']}" if directory else str(r["name"])
        st, recs, first_t = read_file(log, path, int(r["size"]), source, fmt, tz, prefix, state.file(path), out)
        if i == 0 and files[0]["name"] == r["name"] and first_t is not None and first_t > log.start:
            out.log_starts = first_t  # the oldest file on disk begins after the window start
        if st is not None:
            new_states.append(st)
        records += [(rec, path) for rec in recs]
    has_sqlstate = fmt != "stderr" or bool(prefix and prefix.has_sqlstate)
    finish(out, state, source, new_states, group(records, lambda rec: classify(rec, has_sqlstate), out),
           log.start, log.end)
    return out


def _aware(t) -> dt.datetime:
    if isinstance(t, str):
        t = dt.datetime.fromisoformat(t)
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def _is_format(name: str, fmt: str) -> bool:
    if fmt in SUFFIX:
        return name.endswith(SUFFIX[fmt])
    return not name.endswith((".csv", ".json"))


# ----- what a check gets ------------------------------------------------------------------------


def rows(ctx: CollectContext, kinds: tuple[str, ...]) -> list[dict]:
    """The summary row and the event rows of ``kinds`` inside the window (the log read once per
    inspection and window, whichever log check asks first)."""
    cap = ctx.thresholds.get("max_read_mb")
    key = ("pg-server-log", ctx.window_start, ctx.window_end, getattr(cap, "value", None))
    log = ctx.memo(key, lambda: read_log(ctx))
    notes = list(log.notes)
    if log.unknown_severity:
        notes.append((f"{log.unknown_severity} line(s) with a severity word no shipped translation knows",
                      f"{log.unknown_severity} 行的严重级别词不在已知译文中"))
    if log.unparsed:
        notes.append((f"{log.unparsed} line(s) that are no log record (skipped)", f"{log.unparsed} 行不是日志记录（已跳过）"))
    head = summary_row(source=log.fmt, files=log.files, bytes_read=log.bytes_read, bytes_unread=log.bytes_unread,
                       covered_from=log.covered_from, covered_until=log.covered_until, log_starts=log.log_starts,
                       classification=log.classification, lines=log.lines, unparsed=log.unparsed,
                       unknown_severity=log.unknown_severity, notes=notes)
    head["settings"] = log.settings
    return [head, *event_rows(e for e in log.events if e.event in kinds)]
