"""Server logs read inside the window: the events the log checks count, and the rows they return.

Collectors (``checks/logs/postgresql.py``: the PostgreSQL server log through ``pg_ls_logdir()`` and
``pg_read_binary_file()``; ``checks/logs/mariadb.py``: MariaDB's ``@@log_error`` file where dbpatrol
runs) read each log once per inspection, classify every record into the events below, keep them
with the offsets read in dbpatrol's store (dbpatrol/log_offsets.py), and answer a check with

* one **summary row** first (``event = '(read)'``): what was read — source, files, bytes read and
  left unread (the per-inspection cap), the time span the read covers, how lines were classified;
* one **event row** per second, event and code: the first line's time and text, ``occurrences``.

MySQL 8 reads ``performance_schema.error_log`` with SQL in the same shape. :func:`judge` rates the
event rows of the classes a check counts, each against its own threshold, and words the coverage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from dbpatrol.results import Outcome
from dbpatrol.timefmt import message_time

COLUMNS = ("logged_at", "event", "severity", "code", "occurrences", "message", "log_file")
SUMMARY = "(read)"
EVIDENCE_LINES = 20  # event rows kept as evidence (the latest); the finding counts them all

# event → (en, zh): what a line of it is
EVENTS: dict[str, tuple[str, str]] = {
    "fatal": ("FATAL (a session ended by an error)", "FATAL（会话因错误终止）"),
    "error": ("[ERROR]", "[ERROR] 错误"),
    "panic": ("PANIC (the server restarts every session)", "PANIC（服务器重置所有会话）"),
    "crash": ("server process terminated by a signal (crash)", "服务进程被信号终止（崩溃）"),
    "auth_failure": ("failed login", "登录失败"),
    "deadlock": ("deadlock", "死锁"),
    "lock_timeout": ("lock timeout / NOWAIT failure (55P03)", "锁超时/NOWAIT 失败（55P03）"),
    "lock_wait": ("lock wait longer than deadlock_timeout (log_lock_waits)", "锁等待超过 deadlock_timeout（log_lock_waits）"),
    "out_of_memory": ("out of memory (53200)", "内存不足（53200）"),
    "killed": ("server process killed by SIGKILL (the kernel OOM killer, or kill -9)",
               "服务进程被 SIGKILL 杀死（内核 OOM killer 或 kill -9）"),
    "io_error": ("I/O error", "I/O 错误"),
    "disk_full": ("disk full (53100)", "磁盘已满（53100）"),
    "data_corrupted": ("data corruption (XX001/XX002)", "数据损坏（XX001/XX002）"),
    "checkpoint_too_frequent": ("checkpoints occurring too frequently", "检查点过于频繁"),
    "checkpoint_wal": ("checkpoint forced by WAL volume", "因 WAL 量触发的检查点"),
}


@dataclass(frozen=True)
class Counted:
    """One event class a check counts and the threshold it is rated against."""

    event: str
    threshold: str


def summary_row(*, source: str, files: int, bytes_read: int | None, bytes_unread: int | None,
                covered_from: dt.datetime | None, covered_until: dt.datetime | None, log_starts: dt.datetime | None,
                classification: tuple[str, str], lines: int, unparsed: int = 0, unknown_severity: int = 0,
                log_file: str = "", notes: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """The '(read)' row: what was read, for the judge's coverage words and for the evidence."""
    notes = list(notes)
    parts_en = [f"{source}: {files} file(s)" if files else source]
    if bytes_read is not None:
        parts_en.append(f"{bytes_read:,} bytes read this time")
    if bytes_unread:
        parts_en.append(f"{bytes_unread:,} bytes left unread (cap)")
    text = "; ".join(parts_en + [classification[0], *(n[0] for n in notes)])
    return {
        "logged_at": covered_until, "event": SUMMARY, "severity": None, "code": None, "occurrences": lines,
        "message": text, "log_file": log_file,
        # beyond the declared columns: read by the judge
        "source": source, "files": files, "bytes_read": bytes_read, "bytes_unread": bytes_unread or 0,
        "covered_from": covered_from, "covered_until": covered_until, "log_starts": log_starts,
        "classification_en": classification[0], "classification_zh": classification[1],
        "unparsed": unparsed, "unknown_severity": unknown_severity,
        "notes_en": "; ".join(n[0] for n in notes), "notes_zh": "；".join(n[1] for n in notes),
    }


def event_rows(events) -> list[dict[str, Any]]:
    """dbpatrol.log_offsets.Event → rows, in time order."""
    return [{"logged_at": e.logged_at, "event": e.event, "severity": e.severity, "code": e.code,
             "occurrences": e.occurrences, "message": e.message, "log_file": e.log_file,
             "classified_by": e.classified_by}
            for e in sorted(events, key=lambda e: (e.logged_at, e.offset))]


def _time(v) -> str:
    """A log line's time in a message: the run's zone, labelled (dbpatrol/timefmt.py); naive is UTC."""
    return message_time(v) if isinstance(v, (dt.datetime, str)) else "?"


def _as_dt(v) -> dt.datetime | None:
    if isinstance(v, dt.datetime):
        return v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)
    if isinstance(v, str) and v:
        try:
            return _as_dt(dt.datetime.fromisoformat(v.replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def coverage(summary: dict[str, Any], ctx) -> tuple[str, str, bool]:
    """Words for how much of the window the read covers (en, zh) and whether it is all of it."""
    start, end = ctx.window_start, ctx.window_end
    frm, until = _as_dt(summary.get("covered_from")), _as_dt(summary.get("covered_until"))
    starts = _as_dt(summary.get("log_starts"))
    en = [f"read from {summary.get('source')}"]
    zh = [f"读取自 {summary.get('source')}"]
    complete = True
    if starts is not None and start is not None and starts > start:
        en.append(f"the log begins at {_time(starts)}, after the window start {_time(start)}")
        zh.append(f"日志从 {_time(starts)} 开始，晚于窗口起点 {_time(start)}")
        complete = False
    elif frm is not None and start is not None and frm > start + dt.timedelta(seconds=1):
        en.append(f"covering only from {_time(frm)}")
        zh.append(f"仅覆盖 {_time(frm)} 之后")
        complete = False
    if summary.get("bytes_unread"):
        en.append(f"cut at the read cap: read up to {_time(until)}, {int(summary['bytes_unread']):,} bytes of the "
                  f"window not read (the next inspection goes on from there)")
        zh.append(f"达到读取上限被截断：读取至 {_time(until)}，窗口内还有 {int(summary['bytes_unread']):,} 字节未读（下次巡检从此处继续）")
        complete = False
    elif until is not None and end is not None and until < end - dt.timedelta(minutes=5) and not complete:
        en.append(f"up to {_time(until)}")
        zh.append(f"至 {_time(until)}")
    en.append(summary.get("classification_en") or "")
    zh.append(summary.get("classification_zh") or "")
    if summary.get("notes_en"):
        en.append(summary["notes_en"])
        zh.append(summary.get("notes_zh") or summary["notes_en"])
    return "; ".join(p for p in en if p), "；".join(p for p in zh if p), complete


def judge(counted: Iterable[Counted], *, extra_uses: Iterable[str] = (), ignore_codes: str | None = None,
          skip=None):
    """Rate the event rows of the counted classes, each against its threshold; the worst decides.

    ``ignore_codes``: a list threshold of codes (SQLSTATE, MY-…) whose lines are not counted (e.g.
    failed logins, which another check counts). ``skip(summary, th, ctx)`` → (message key, params) or
    None: the check does not apply on what the summary row says (a feature switched off).
    Message params: ``lines`` (counted lines), ``breakdown``, ``latest_at``, ``latest``, ``coverage`` /
    ``coverage_zh``, and each threshold's count under its own name."""
    from checks.judges import num, uses

    counted = tuple(counted)
    names = [c.threshold for c in counted] + list(extra_uses) + ([ignore_codes] if ignore_codes else [])

    @uses(*dict.fromkeys(names))
    def rate(rows, th, ctx):
        from checks.spec import Verdict

        summary = next((r for r in rows if r.get("event") == SUMMARY), {})
        events = [r for r in rows if r.get("event") != SUMMARY]
        cov_en, cov_zh, complete = coverage(summary, ctx)
        if skip is not None:
            skipped = skip(summary, th, ctx)
            if skipped is not None:
                key, params = skipped
                return Verdict(outcome=Outcome.SKIPPED, message=key, params={**params, "coverage": cov_en,
                                                                                 "coverage_zh": cov_zh},
                               evidence=[_shown(summary)] if summary else [])
        ignored = {str(c).upper() for c in (th[ignore_codes].value or ())} if ignore_codes else set()
        in_window = events  # collectors and SQL return only the window's events
        by_threshold: dict[str, int] = {}
        outcome = Outcome.OK
        hits = []
        for c in counted:
            rows_c = [r for r in in_window if r.get("event") == c.event and str(r.get("code") or "").upper() not in ignored]
            n = sum(int(num(r.get("occurrences")) or 1) for r in rows_c)
            by_threshold[c.threshold] = by_threshold.get(c.threshold, 0) + n
            hits += rows_c
        for name, n in by_threshold.items():
            o = th[name].classify(n)
            if o.rank > outcome.rank:
                outcome = o
        hits.sort(key=lambda r: (_as_dt(r.get("logged_at")) or dt.datetime.min.replace(tzinfo=dt.timezone.utc)))
        lines = sum(by_threshold.values())
        breakdown: dict[str, int] = {}
        for r in hits:
            key = f"{r.get('severity') or ''} {r.get('code') or ''}".strip() or str(r.get("event"))
            breakdown[key] = breakdown.get(key, 0) + int(num(r.get("occurrences")) or 1)
        latest = hits[-1] if hits else {}
        params = {**by_threshold, "lines": lines, "coverage": cov_en, "coverage_zh": cov_zh,
                  "breakdown": ", ".join(f"{k} ×{v}" for k, v in sorted(breakdown.items(), key=lambda kv: -kv[1])[:8]),
                  "latest_at": _time(latest.get("logged_at")), "latest": _short(latest.get("message"))}
        evidence = hits[-EVIDENCE_LINES:] + ([_shown(summary)] if summary else [])
        if outcome is Outcome.OK:
            key = "ok" if lines == 0 else "below"
        else:
            key = "problem"
        return Verdict(outcome=outcome, message=key, params=params, evidence=evidence, total=len(hits) + bool(summary))

    return rate


def _shown(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary row as evidence: the declared columns and what the read covered."""
    keep = (*COLUMNS, "covered_from", "bytes_read", "bytes_unread")
    return {k: summary.get(k) for k in keep}


def setting(summary: dict[str, Any], name: str):
    """A server setting the collector read (the summary row's ``settings``), or a column of that name."""
    settings = summary.get("settings")
    if isinstance(settings, dict) and name in settings:
        return settings[name]
    return summary.get(name)


def _short(text, limit: int = 200) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def messages(what_en: str, what_zh: str, extra: dict | None = None) -> dict:
    """The ok / below / problem messages of a log check (en, zh), about lines of ``what``."""
    from checks.spec import T

    return {
        "ok": T(f"No {what_en} in the server log inside the window ({{coverage}})",
                f"窗口内服务器日志中没有{what_zh}（{{coverage_zh}}）"),
        "below": T(f"{{lines}} {what_en} line(s) in the server log inside the window, below the thresholds: "
                   f"{{breakdown}}; latest at {{latest_at}}: {{latest}} ({{coverage}})",
                   f"窗口内服务器日志中有 {{lines}} 行{what_zh}，未超过阈值：{{breakdown}}；最近一次 {{latest_at}}："
                   f"{{latest}}（{{coverage_zh}}）"),
        "problem": T(f"{{lines}} {what_en} line(s) in the server log inside the window: {{breakdown}}; latest at "
                     f"{{latest_at}}: {{latest}} ({{coverage}})",
                     f"窗口内服务器日志中有 {{lines}} 行{what_zh}：{{breakdown}}；最近一次 {{latest_at}}：{{latest}}"
                     f"（{{coverage_zh}}）"),
        **(extra or {}),
    }


def max_read_threshold():
    from checks.spec import Threshold

    return Threshold(name="max_read_mb", unit="MB per inspection", kind="guard", value=32,
                     rationale="bounds what one inspection reads of the server log (pg_read_binary_file in 1 MB "
                               "chunks, parsed here at ~5 MB/s measured on this 2-core machine: 32 MB is ~120,000 "
                               "jsonlog lines in ~6 s); a busier log is read on from the remembered offset by the next "
                               "inspection, and the finding says where it was cut (ours; pgwatch reads the csvlog "
                               "incrementally the same way, catalog PG-ERR-01)")
