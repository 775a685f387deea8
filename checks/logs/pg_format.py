"""PostgreSQL server-log formats: csvlog, jsonlog and stderr (with its log_line_prefix), as records.

A :class:`Reader` turns the bytes of one log file, fed range by range, into :class:`Record` s (the
time, severity, SQLSTATE when the line carries one, message, and the DETAIL/HINT/STATEMENT … that
follow it), each with the byte offset it starts at, and says up to where it consumed whole records
(a line still being written at the end of the file waits for the next read).

* jsonlog (PostgreSQL 15+): one JSON object per line; ``error_severity`` is not translated.
* csvlog: one CSV record per entry, fields may hold newlines; ``error_severity`` *is* translated.
* stderr: ``log_line_prefix`` then ``SEVERITY:  message``; the lines of one entry that follow start
  with a tab, or with the prefix and a label (``DETAIL:  ``, ``STATEMENT:  `` …, translated too).
  The prefix is turned into a regular expression (:func:`prefix_regex`); a prefix without a
  timestamp (``%m``, ``%t``, ``%n``) cannot place lines in a window.

Times are read as the server wrote them (``log_timezone``) and returned in UTC.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import pg_messages

# csvlog columns (PostgreSQL 13+: backend_type; 14+: leader_pid, query_id). Older versions have fewer.
CSV_COLUMNS = ("log_time", "user_name", "database_name", "process_id", "connection_from", "session_id",
               "session_line_num", "command_tag", "session_start_time", "virtual_transaction_id",
               "transaction_id", "error_severity", "sql_state_code", "message", "detail", "hint",
               "internal_query", "internal_query_pos", "context", "query", "query_pos", "location",
               "application_name", "backend_type", "leader_pid", "query_id")
MESSAGE_CHARS = 1000

_TS = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
_TIME = re.compile(rf"^({_TS})(\.\d+)?(?: (\S+))?$")
_OFFSET = re.compile(r"^([+-])(\d\d):?(\d\d)?$")


@dataclass
class Record:
    offset: int  # byte offset of the record's first line in its file
    logged_at: dt.datetime | None  # UTC-aware
    severity_word: str  # as written (maybe translated)
    severity: str | None  # canonical English severity, None when the word is unknown
    sqlstate: str | None  # None: the line carries none (stderr without %e)
    message: str
    extra: dict[str, str] = field(default_factory=dict)  # DETAIL, HINT, STATEMENT … (canonical label → text)
    pid: str | None = None

    def text(self, limit: int = MESSAGE_CHARS) -> str:
        """The message and what follows it, on one line, bounded."""
        parts = [self.message.strip()]
        for label in ("DETAIL", "HINT", "CONTEXT", "QUERY", "STATEMENT"):
            if self.extra.get(label):
                parts.append(f"{label}: {self.extra[label].strip()}")
        text = " | ".join(p for p in parts if p)
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"


def zone(name: str | None) -> dt.tzinfo:
    try:
        return ZoneInfo(name) if name else dt.timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone.utc


def parse_time(text: str, tz: dt.tzinfo) -> dt.datetime | None:
    """'2026-12-01 13:33:40.319 CET' (%m, csv/json) or '… 13:33:40 +08' (%t) → UTC. The abbreviation
    is only used where it is unambiguous (UTC/GMT or a numeric offset) or to pick the side of a DST
    fold; the wall time is otherwise read in log_timezone (abbreviations such as CST name several zones)."""
    m = _TIME.match(text.strip())
    if not m:
        return None
    d = m.group(1)  # YYYY-MM-DD HH:MM:SS (sliced: strptime is the slowest part of reading a log)
    try:
        naive = dt.datetime(int(d[0:4]), int(d[5:7]), int(d[8:10]), int(d[11:13]), int(d[14:16]), int(d[17:19]),
                            int((m.group(2)[1:] + "000000")[:6]) if m.group(2) else 0)
    except ValueError:
        return None
    abbr = m.group(3) or ""
    if abbr.upper() in ("UTC", "GMT", "Z", "UCT"):
        return naive.replace(tzinfo=dt.timezone.utc)
    off = _OFFSET.match(abbr)
    if off:
        sign = -1 if off.group(1) == "-" else 1
        delta = dt.timedelta(hours=int(off.group(2)), minutes=int(off.group(3) or 0))
        return naive.replace(tzinfo=dt.timezone(sign * delta)).astimezone(dt.timezone.utc)
    local = naive.replace(tzinfo=tz)
    if abbr and local.tzname() != abbr:
        other = local.replace(fold=1 - local.fold)
        if other.tzname() == abbr:
            local = other
    return local.astimezone(dt.timezone.utc)


# ----- log_line_prefix ----------------------------------------------------------------------------

_ESCAPE = re.compile(r"%(-?\d*)([a-zA-Z%])")
_ANY = r".*?"
_PREFIX_PARTS = {
    "m": rf"(?P<ts>{_TS}\.\d{{3}}(?: \S+)?)", "t": rf"(?P<ts>{_TS}(?: \S+)?)", "n": r"(?P<epoch>\d+\.\d+)",
    "p": r"(?P<pid>\d+)", "e": r"(?P<sqlstate>[0-9A-Z]{5})", "l": r"\d+", "c": r"[0-9a-f]+\.[0-9a-f]+",
    "v": r"(?:-?\d+/\d+)?", "x": r"\d*", "s": rf"(?:{_TS}(?: \S+)?)?", "P": r"\d*", "Q": r"-?\d*",
    "a": _ANY, "u": _ANY, "d": _ANY, "r": _ANY, "h": _ANY, "b": _ANY, "i": _ANY, "L": _ANY,
}


@dataclass(frozen=True)
class Prefix:
    text: str
    regex: re.Pattern
    has_time: bool
    has_sqlstate: bool


def prefix_regex(prefix: str) -> Prefix:
    """log_line_prefix as a regex over a line's start, followed by ``WORD:  message``.

    ``%q`` ends the part non-session processes print: what follows it is optional. Padding (``%-10u``)
    adds spaces, which the lazy fields absorb; unknown escapes match anything."""
    parts, pos, optional_from = [], 0, None
    for m in _ESCAPE.finditer(prefix):
        parts.append(re.escape(prefix[pos:m.start()]))
        pos = m.end()
        pad, ch = m.group(1), m.group(2)
        if ch == "%":
            parts.append("%")
        elif ch == "q":
            optional_from = len(parts)
        else:
            body = _PREFIX_PARTS.get(ch, _ANY)
            parts.append(rf"\s*{body}\s*" if pad else body)
    parts.append(re.escape(prefix[pos:]))
    if optional_from is not None:
        parts = parts[:optional_from] + ["(?:" + "".join(parts[optional_from:]) + ")?"]
    body = "".join(parts)
    rx = re.compile(rf"^{body}(?P<word>[^\s:]+):  (?P<msg>.*)$", re.S)
    return Prefix(prefix, rx, has_time=bool(re.search(r"%-?\d*[mtn]", prefix)),
                  has_sqlstate=bool(re.search(r"%-?\d*e", prefix)))


# ----- readers ----------------------------------------------------------------------------------


class Reader:
    """Feed the bytes of one file in order (``feed(data, offset)``), then ``finish()``; collects records.

    ``consumed`` is the offset up to which every byte belongs to a returned record or to a line that
    is no record (counted in ``unparsed``); a final line without its newline is left for the next read."""

    def __init__(self, tz: dt.tzinfo):
        self.tz = tz
        self.records: list[Record] = []
        self.unparsed = 0
        self.consumed = 0
        self._carry = b""
        self._carry_at = 0

    def feed(self, data: bytes, offset: int) -> None:
        if not self._carry:
            self._carry_at = offset
        buf = self._carry + data
        cut = buf.rfind(b"\n")
        if cut < 0:
            self._carry = buf
            return
        complete, self._carry = buf[: cut + 1], buf[cut + 1:]
        at = self._carry_at
        for raw in complete.splitlines(keepends=True):
            self.line(raw.decode("utf-8", "replace").rstrip("\r\n"), at, at + len(raw))
            at += len(raw)
        self._carry_at = at

    def finish(self) -> None:
        """End of what is to be read now: the pending record is complete (a log writes whole entries)."""
        self.flush()

    # subclasses
    def line(self, text: str, start: int, end: int) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        pass


class JsonReader(Reader):
    def line(self, text, start, end):
        try:
            doc = json.loads(text)
        except ValueError:
            self.unparsed += 1
            self.consumed = end
            return
        if not isinstance(doc, dict) or "timestamp" not in doc:
            self.unparsed += 1
        else:
            word = str(doc.get("error_severity") or "")
            extra = {k.upper(): str(doc[k]) for k in ("detail", "hint", "context") if doc.get(k)}
            if doc.get("statement"):
                extra["STATEMENT"] = str(doc["statement"])
            if doc.get("internal_query"):
                extra["QUERY"] = str(doc["internal_query"])
            self.records.append(Record(
                offset=start, logged_at=parse_time(str(doc["timestamp"]), self.tz), severity_word=word,
                severity=pg_messages.severity_of(word), sqlstate=str(doc.get("state_code") or "00000"),
                message=str(doc.get("message") or ""), extra=extra, pid=str(doc.get("pid") or "") or None))
        self.consumed = end


_CSV_START = re.compile(rf"^{_TS}(?:\.\d+)?(?: [^,]*)?,")


class CsvReader(Reader):
    """A record starts at a line that begins with its log_time and ends at a line end where the double
    quotes seen so far balance (CSV doubles them). A line that starts no record outside one (read from
    the middle of a file after a seek) is skipped."""

    def __init__(self, tz):
        super().__init__(tz)
        self._lines: list[str] = []
        self._start = 0
        self._quotes = 0

    def line(self, text, start, end):
        if not self._lines:
            if not _CSV_START.match(text):
                self.unparsed += 1
                self.consumed = end
                return
            self._start = start
        self._lines.append(text)
        self._quotes += text.count('"')
        if self._quotes % 2:
            return  # inside a quoted field: the record goes on
        record_text = "\n".join(self._lines)
        self._lines, self._quotes = [], 0
        self.consumed = end
        try:
            fields = next(csv.reader(io.StringIO(record_text)))
        except (csv.Error, StopIteration):
            fields = []
        row = dict(zip(CSV_COLUMNS, fields))
        at = parse_time(row.get("log_time", ""), self.tz) if len(fields) >= 14 else None
        if at is None:
            self.unparsed += 1
            return
        word = row.get("error_severity", "")
        extra = {k.upper(): row[k] for k in ("detail", "hint", "context") if row.get(k)}
        if row.get("query"):
            extra["STATEMENT"] = row["query"]
        if row.get("internal_query"):
            extra["QUERY"] = row["internal_query"]
        self.records.append(Record(
            offset=self._start, logged_at=at, severity_word=word, severity=pg_messages.severity_of(word),
            sqlstate=row.get("sql_state_code") or None, message=row.get("message", ""), extra=extra,
            pid=row.get("process_id") or None))

    # an unbalanced record at the end is still being written: it waits (consumed stays before it)


class StderrReader(Reader):
    def __init__(self, tz, prefix: Prefix):
        super().__init__(tz)
        self.prefix = prefix
        self._pending: Record | None = None
        self._pending_end = 0
        self._label: str | None = None

    def _close(self):
        if self._pending is not None:
            self.records.append(self._pending)
            self.consumed = self._pending_end
            self._pending = None

    def line(self, text, start, end):
        if text.startswith("\t") and self._pending is not None:
            target = self._label
            if target:
                self._pending.extra[target] = self._pending.extra.get(target, "") + "\n" + text[1:]
            else:
                self._pending.message += "\n" + text[1:]
            self._pending_end = end
            return
        m = self.prefix.regex.match(text)
        if m is None:
            self._close()
            self.unparsed += 1
            self.consumed = end
            return
        word = m.group("word")
        label = pg_messages.label_of(word)
        if label is not None and self._pending is not None:
            self._pending.extra[label] = m.group("msg")
            self._label = label
            self._pending_end = end
            return
        self._close()
        groups = m.groupdict()
        if groups.get("ts"):
            at = parse_time(groups["ts"], self.tz)
        elif groups.get("epoch"):
            at = dt.datetime.fromtimestamp(float(groups["epoch"]), dt.timezone.utc)
        else:
            at = None
        self._pending = Record(offset=start, logged_at=at, severity_word=word, severity=pg_messages.severity_of(word),
                               sqlstate=groups.get("sqlstate"), message=m.group("msg"), pid=groups.get("pid"))
        self._label = None
        self._pending_end = end

    def flush(self):
        self._close()


def reader(fmt: str, tz: dt.tzinfo, prefix: Prefix | None = None) -> Reader:
    if fmt == "mariadb":
        from .mariadb import MariaReader

        return MariaReader(tz)
    if fmt == "jsonlog":
        return JsonReader(tz)
    if fmt == "csvlog":
        return CsvReader(tz)
    return StderrReader(tz, prefix or prefix_regex("%m [%p] "))


def first_record_time(fmt: str, data: bytes, offset: int, tz: dt.tzinfo, prefix: Prefix | None,
                      at_start: bool) -> tuple[int, dt.datetime] | None:
    """The first record starting in ``data`` (read at ``offset``) that carries a time: its offset and
    time. Unless ``at_start`` (offset 0 of the file), the first, partial line is skipped."""
    pos = 0
    if not at_start:
        nl = data.find(b"\n")
        if nl < 0:
            return None
        pos = nl + 1
    rd = reader(fmt, tz, prefix)
    rd.feed(data[pos:], offset + pos)
    rd.finish()
    for r in rd.records:
        if r.logged_at is not None:
            return r.offset, r.logged_at
    return None
