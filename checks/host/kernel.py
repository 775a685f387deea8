"""The host's kernel log and boots inside the window, over SSH (OSH009 OOM kills, OSH010 I/O errors,
OSH011 reboots).

Kernel messages: the systemd journal (``journalctl -o short-unix _TRANSPORT=kernel --since @S --until
@E``: every boot the journal keeps, times in seconds since the epoch) when the host has a journal with
boots in it, else ``dmesg --time-format iso`` (this boot's ring buffer only: what it no longer holds is
not seen, and the finding says what was read). Boots: ``btime`` of ``/proc/stat`` (this boot) and the
journal's boot list (``journalctl --utc --list-boots``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dbpatrol.timefmt import message_time

from . import run

SUMMARY = "(read)"
OOM = re.compile(r"(?:Out of memory|Memory cgroup out of memory): Kill(?:ed)? process (\d+) \(([^)]*)\)")
IO_ERROR = re.compile(
    r"(?:\bI/O error\b|Buffer I/O error|critical medium error|Medium Error|EXT[234]-fs error|"
    r"XFS \([^)]*\): .*(?:metadata I/O error|Corruption)|BTRFS (?:error|critical)|end_request: I/O error|"
    r"blk_update_request: .*error|nvme\S* .*(?:I/O \d+ .*timeout|controller is down)|"
    r"ata\d+(?:\.\d+)?: (?:failed command|exception Emask))", re.I)
# The floppy and CD-ROM drives a hypervisor emulates (VMware, KVM: fd0, sr0) log I/O errors whenever something
# probes them empty ("blk_update_request: I/O error, dev fd0, sector 0"): no database storage, left out.
NOT_STORAGE = re.compile(r"\bdev (?:fd|sr)\d+\b|\[(?:fd|sr)\d+\]")
DB_NAMES = ("postgres", "postmaster", "mysqld", "mariadbd")


def _epoch(t: dt.datetime) -> str:
    return f"@{int(t.timestamp())}"


def _read(ctx) -> dict[str, Any]:
    start, end = ctx.window
    boots = run(ctx, ["journalctl", "--utc", "--no-pager", "-q", "--list-boots"])
    lines: list[tuple[dt.datetime, str]] = []
    if boots.ok and boots.text.strip():
        r = run(ctx, ["journalctl", "--no-pager", "-q", "-o", "short-unix", "_TRANSPORT=kernel",
                      "--since", _epoch(start), "--until", _epoch(end)])
        if r.ok:
            for line in r.text.splitlines():
                stamp, _, rest = line.partition(" ")
                try:
                    at = dt.datetime.fromtimestamp(float(stamp), dt.timezone.utc)
                except ValueError:
                    continue
                lines.append((at, rest.split(": ", 1)[-1] if "kernel: " in rest else rest))
            return {"source": "journal (journalctl _TRANSPORT=kernel)", "lines": lines, "covered_from": start,
                    "truncated": r.truncated, "note": ""}
    r = run(ctx, ["dmesg", "--time-format", "iso"])
    if not r.ok:
        raise RuntimeError(f"neither the journal nor dmesg could be read on the host: dmesg: {r.error}")
    first = None
    for line in r.text.splitlines():
        stamp, _, msg = line.partition(" ")
        try:
            at = dt.datetime.fromisoformat(stamp.replace(",", "."))
        except ValueError:
            continue
        at = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
        first = first or at
        if start <= at < end:
            lines.append((at.astimezone(dt.timezone.utc), msg))
    covered = max(start, first) if first else start
    return {"source": "dmesg (kernel ring buffer of this boot)", "lines": lines, "covered_from": covered,
            "truncated": r.truncated,
            "note": "" if first is None or first <= start else
            f"the ring buffer starts at {message_time(first)}, after the window's start: earlier lines are not seen"}


def kernel_lines(ctx) -> dict[str, Any]:
    return ctx.memo(("host-kernel-log", ctx.window_start, ctx.window_end), lambda: _read(ctx))


def summary(read: dict[str, Any], counted: int) -> dict[str, Any]:
    text = f"{read['source']}: {len(read['lines'])} kernel line(s) inside the window read"
    if read["note"]:
        text += f"; {read['note']}"
    if read["truncated"]:
        text += "; output cut at the cap (later lines not seen)"
    return {"logged_at": read["covered_from"], "event": SUMMARY, "process": None, "pid": None, "message": text,
            "occurrences": counted, "source": read["source"], "note": read["note"]}


def oom_rows(ctx) -> list[dict[str, Any]]:
    read = kernel_lines(ctx)
    rows = []
    for at, msg in read["lines"]:
        m = OOM.search(msg)
        if m:
            name = m.group(2)
            rows.append({"logged_at": at, "event": "db_killed" if name in DB_NAMES else "oom_kill", "process": name,
                         "pid": int(m.group(1)), "message": msg[:500], "occurrences": 1})
    return [summary(read, len(rows)), *rows]


def io_error_rows(ctx) -> list[dict[str, Any]]:
    read = kernel_lines(ctx)
    rows = [{"logged_at": at, "event": "io_error", "process": None, "pid": None, "message": msg[:500], "occurrences": 1}
            for at, msg in read["lines"] if IO_ERROR.search(msg) and not NOT_STORAGE.search(msg)]
    return [summary(read, len(rows)), *rows]


_BOOT = re.compile(r"^\s*(-?\d+)\s+([0-9a-f]{32})\s+\w{3} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC")


def boot_rows(ctx) -> list[dict[str, Any]]:
    """One row per boot the host knows of that started inside the window (and the current boot's row
    always, first, for the evidence: ``in_window`` says which count)."""
    start, end = ctx.window
    stat = run(ctx, ["cat", "/proc/stat"])
    m = re.search(r"^btime (\d+)$", stat.text, re.M) if stat.ok else None
    if m is None:
        raise RuntimeError("/proc/stat has no btime line")
    current = dt.datetime.fromtimestamp(int(m.group(1)), dt.timezone.utc)
    boots: dict[str, dict[str, Any]] = {}
    listed = run(ctx, ["journalctl", "--utc", "--no-pager", "-q", "--list-boots"])
    for line in listed.text.splitlines() if listed.ok else []:
        b = _BOOT.match(line)
        if b:
            at = dt.datetime.strptime(b.group(3), "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)
            boots[b.group(2)] = {"booted_at": at, "boot": b.group(2)[:12], "source": "journal --list-boots (first entry)"}
    rows = [{"booted_at": current, "boot": "current", "source": "/proc/stat btime",
             "in_window": start <= current < end}]
    # the journal's entry for the current boot starts at (or just after) btime: keep btime's
    for b in sorted(boots.values(), key=lambda r: r["booted_at"]):
        if abs((b["booted_at"] - current).total_seconds()) < 600:
            continue
        rows.append({**b, "in_window": start <= b["booted_at"] < end})
    for r in rows:
        r["journal"] = bool(boots)
    return rows
