"""Reading a log file by byte ranges, for any source that can read ``(path, offset, length)``.

Shared by the PostgreSQL collector (the bytes come through ``pg_read_binary_file``) and the MariaDB
one (a local file): the first record of a file, a binary search for the window start, chunks up to
the first record at or after the window end within the inspection's byte budget, the ranges the
store already holds skipped, and the records grouped into events per second.

A source (``log``) has ``read(path, offset, length) -> bytes``, ``budget`` (bytes still allowed this
inspection, decremented here) and ``start`` / ``end`` (the window, UTC-aware).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from dbpatrol.log_offsets import Event, FileState

from .pg_format import Record, first_record_time, reader

CHUNK = 1 << 20
PROBE = 64 << 10
SEEK_SLACK = 8 << 10
HEAD = 256


@dataclass
class LogRead:
    """One inspection's read of a log (shared by every log check of the inspection)."""

    source: str
    fmt: str
    files: int = 0
    bytes_read: int = 0
    bytes_unread: int = 0
    log_starts: dt.datetime | None = None
    covered_from: dt.datetime | None = None
    covered_until: dt.datetime | None = None
    classification: tuple[str, str] = ("", "")
    unparsed: int = 0
    unknown_severity: int = 0
    lines: int = 0
    events: list[Event] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)


def head_hash(data: bytes, n: int | None = None) -> str:
    """Names a file by its first ``n`` bytes (HEAD, or all of a shorter file), as "n:sha256": another file
    under the same name (truncated on rotation) hashes apart, the same file grown longer does not."""
    n = min(HEAD, len(data)) if n is None else n
    return f"{n}:{hashlib.sha256(data[:n]).hexdigest()}"


def same_file(head: str | None, probe: bytes) -> bool:
    """Is the file whose first bytes are ``probe`` the one ``head`` was taken of?"""
    n, _, _ = (head or "").partition(":")
    return n.isdigit() and len(probe) >= int(n) and head_hash(probe, int(n)) == head


def finish(out: LogRead, state, source: str, new_states: list[FileState], events: list[Event], start, end) -> None:
    """Store what was read; the span covered (this read and earlier ones) and the window's events."""
    state.save(new_states, events)
    known = state.files(source) if state.remembers else new_states
    firsts = [f.first_at for f in known if f.first_at is not None]
    lasts = [f.last_at for f in known if f.last_at is not None]
    out.covered_from = min(firsts) if firsts else None
    if out.log_starts is not None and out.covered_from is not None and out.covered_from < out.log_starts:
        out.log_starts = None  # earlier inspections read what has since been rotated away
    out.covered_until = min(end, max(lasts)) if lasts else None
    out.events = state.events(start, end)
    failed = getattr(state, "failed", None)
    if failed:
        out.notes.append((f"dbpatrol's store could not be used ({failed}): this read is not remembered and only "
                          "its own lines are counted", f"无法使用 dbpatrol 的存储（{failed}）：本次读取未被记住，只统计本次读到的行"))


def seek(log, path: str, lo: int, hi: int, target: dt.datetime, fmt, tz, prefix) -> int:
    """A record start at or before the first record at ``target`` in [lo, hi): binary search on offsets,
    down to SEEK_SLACK bytes (each probe reads PROBE bytes at the middle and takes the first record there)."""
    while hi - lo > SEEK_SLACK:
        mid = (lo + hi) // 2
        found = first_record_time(fmt, log.read(path, mid, PROBE), mid, tz, prefix, at_start=False)
        if found is None or found[0] >= hi:
            hi = mid
        elif found[1] < target:
            lo = found[0]
        else:
            hi = mid
    return lo


def read_file(log, path: str, size: int, source: str, fmt: str, tz, prefix, st: FileState | None,
               out: LogRead) -> tuple[FileState | None, list[Record], dt.datetime | None]:
    """Read what of one file the window needs and the store lacks; the file's new state and records."""
    probe = log.read(path, 0, PROBE)
    head = head_hash(probe)
    found = first_record_time(fmt, probe, 0, tz, prefix, at_start=True)
    if found is None:
        return st, [], None
    first_off, first_t = found
    if st is not None and (not same_file(st.head, probe) or size < st.offset):
        st = None  # another file under the same name (truncated on rotation) or cut short: start over
    if first_t >= log.end:
        return st, [], first_t
    ranges: list[tuple[int, int, str]] = []
    if st is None:
        lo = first_off if first_t >= log.start else seek(log, path, first_off, size, log.start, fmt, tz, prefix)
        ranges.append((lo, size, "new"))
    else:
        if st.first_at is not None and log.start < st.first_at and st.start_offset > first_off:
            lo = seek(log, path, first_off, st.start_offset, log.start, fmt, tz, prefix)
            ranges.append((lo, st.start_offset, "back"))
        if st.last_at is None or log.end > st.last_at:
            ranges.append((st.offset, size, "forward"))
    records: list[Record] = []
    new = st or FileState(log_file=path, source=source, start_offset=first_off, offset=first_off, size=size, head=head)
    for a, b, kind in ranges:
        recs, consumed, stopped_at_end, cut = read_range(log, path, a, b, fmt, tz, prefix, out)
        records += recs
        timed = [r.logged_at for r in recs if r.logged_at is not None]
        if kind == "back":
            new = replace(new, start_offset=a, first_at=min(timed) if timed else new.first_at)
            continue
        if kind == "new":
            new = replace(new, start_offset=a, first_at=min(timed) if timed else None)
        last = log.end if stopped_at_end else (max(timed) if timed else new.last_at)
        if cut and timed:
            last = max(timed)
        new = replace(new, offset=consumed, last_at=last, size=size, head=head)
    return new, records, first_t


def read_range(log, path: str, a: int, b: int, fmt, tz, prefix, out: LogRead):
    """Records in [a, b) up to the first at or after the window end, within the budget. Returns
    (records, offset consumed to, stopped at the window end, cut by the budget)."""
    rd = reader(fmt, tz, prefix)
    rd.consumed = a
    pos, taken = a, 0
    cut = False
    while pos < b:
        if log.budget <= 0:
            cut = True
            break
        n = min(CHUNK, b - pos, log.budget)
        data = log.read(path, pos, n)
        if not data:
            break
        log.budget -= len(data)
        out.bytes_read += len(data)
        rd.feed(data, pos)
        pos += len(data)
        late = next((i for i, r in enumerate(rd.records[taken:], taken)
                     if r.logged_at is not None and r.logged_at >= log.end), None)
        if late is not None:
            end_at = rd.records[late].offset
            rd.records = rd.records[:late]
            out.unparsed += rd.unparsed
            return rd.records, end_at, True, False
        taken = len(rd.records)
    if cut:
        out.bytes_unread += max(0, b - rd.consumed)
    else:
        rd.finish()
        late = next((i for i, r in enumerate(rd.records) if r.logged_at is not None and r.logged_at >= log.end), None)
        if late is not None:
            end_at = rd.records[late].offset
            out.unparsed += rd.unparsed
            return rd.records[:late], end_at, True, False
    out.unparsed += rd.unparsed
    return rd.records, rd.consumed, False, cut


def group(records: list[tuple[Record, str]], classify, out: LogRead) -> list[Event]:
    """Classified records as one Event per (second, event, severity, code, how) with the first line's text."""
    groups: dict[tuple, Event] = {}
    for rec, path in records:
        if rec.logged_at is None:
            continue
        out.lines += 1
        if rec.severity is None:
            out.unknown_severity += 1
        for event, code, by in classify(rec):
            key = (rec.logged_at.replace(microsecond=0), event, rec.severity, code, by, path)
            if key in groups:
                groups[key] = replace(groups[key], occurrences=groups[key].occurrences + 1)
            else:
                groups[key] = Event(logged_at=rec.logged_at, event=event, severity=rec.severity or rec.severity_word,
                                    code=code, classified_by=by, occurrences=1, message=rec.text(), log_file=path,
                                    offset=rec.offset)
    return list(groups.values())
