"""What has been read of an instance's server log, and what was found in it, in dbpatrol's store.

checks/logs reads a server log incrementally: per log file it remembers the byte range read so far
(``dbpatrol_log_offsets``) and keeps the events it classified in those bytes (``dbpatrol_log_events``,
one row per second, event class, code and severity with the number of lines and the first line's
text). The next inspection reads only the bytes after the offset (and, for a window that starts
before what was read, the part of the file before the first byte read) and answers its window from
the stored events plus the new ones. Times are naive UTC in the store, as in every other table.

Without an instance name or a store (tests, one-off sessions) :class:`MemoryLogState` stands in:
nothing is remembered, every run reads its window from the files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from .store_db import get_engine, log_events_table as events_t, log_offsets_table as offsets_t

# Events are one row per second and class (bounded by the bytes a read may take); they are kept this
# long so an annual window can still be answered for what was read (a log file itself rarely lives
# that long). Offsets of files not read for as long are dropped too.
RETENTION_DAYS = 400
MESSAGE_CHARS = 1000


def _naive(t: dt.datetime | None) -> dt.datetime | None:
    if t is None:
        return None
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t


def _aware(t: dt.datetime | None) -> dt.datetime | None:
    return None if t is None else (t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc))


@dataclass(frozen=True)
class FileState:
    """The byte range of one log file read so far: [start_offset, offset), both record starts."""

    log_file: str
    source: str
    start_offset: int
    offset: int
    first_at: dt.datetime | None = None  # UTC-aware: the first record read
    last_at: dt.datetime | None = None  # UTC-aware: the last record read
    size: int | None = None
    head: str | None = None


@dataclass(frozen=True)
class Event:
    """Lines of one class in one second (``occurrences``), with the first line's text and place."""

    logged_at: dt.datetime  # UTC-aware, the first line's own time
    event: str
    severity: str | None
    code: str | None
    classified_by: str
    occurrences: int
    message: str
    log_file: str
    offset: int


class MemoryLogState:
    """Remembers nothing between sessions: each run reads its window from the files."""

    remembers = False

    def __init__(self):
        self._events: list[Event] = []
        self._files: dict[str, FileState] = {}

    def file(self, log_file: str) -> FileState | None:
        return None

    def files(self, source: str | None = None) -> list[FileState]:
        return [f for f in self._files.values() if source is None or f.source == source]

    def save(self, files: list[FileState], events: list[Event], read_at: dt.datetime | None = None) -> None:
        for f in files:
            self._files[f.log_file] = f
        self._events.extend(events)

    def events(self, start: dt.datetime, end: dt.datetime, kinds=None) -> list[Event]:
        return [e for e in self._events if start <= e.logged_at < end and (kinds is None or e.event in kinds)]


class StoreLogState:
    """Offsets and events of one instance in dbpatrol's store (SQLite or PostgreSQL by URL)."""

    remembers = True

    def __init__(self, url: str, instance: str):
        self.url = url
        self.instance = instance

    def _row(self, r) -> FileState:
        return FileState(log_file=r.log_file, source=r.source, start_offset=int(r.start_offset), offset=int(r.offset),
                         first_at=_aware(r.first_at), last_at=_aware(r.last_at),
                         size=None if r.size is None else int(r.size), head=r.head)

    def file(self, log_file: str) -> FileState | None:
        q = sa.select(offsets_t).where(offsets_t.c.instance == self.instance, offsets_t.c.log_file == log_file)
        with get_engine(self.url).connect() as conn:
            r = conn.execute(q).first()
        return None if r is None else self._row(r)

    def files(self, source: str | None = None) -> list[FileState]:
        q = sa.select(offsets_t).where(offsets_t.c.instance == self.instance)
        if source is not None:
            q = q.where(offsets_t.c.source == source)
        with get_engine(self.url).connect() as conn:
            return [self._row(r) for r in conn.execute(q)]

    def save(self, files: list[FileState], events: list[Event], read_at: dt.datetime | None = None) -> None:
        """The new offsets and the events found in the bytes read, in one transaction (a run that
        fails half-way stores neither, and the next one reads the same bytes again)."""
        now = _naive(read_at or dt.datetime.now(dt.timezone.utc))
        cutoff = now - dt.timedelta(days=RETENTION_DAYS)
        with get_engine(self.url).begin() as conn:
            for f in files:
                conn.execute(offsets_t.delete().where(offsets_t.c.instance == self.instance,
                                                      offsets_t.c.log_file == f.log_file))
                conn.execute(offsets_t.insert().values(
                    instance=self.instance, log_file=f.log_file[:1000], source=f.source, start_offset=f.start_offset,
                    offset=f.offset, first_at=_naive(f.first_at), last_at=_naive(f.last_at), size=f.size, head=f.head,
                    read_at=now))
            if events:
                conn.execute(events_t.insert(), [dict(
                    instance=self.instance, logged_at=_naive(e.logged_at), event=e.event, severity=e.severity,
                    code=e.code, classified_by=e.classified_by, occurrences=e.occurrences,
                    message=(e.message or "")[:MESSAGE_CHARS], log_file=e.log_file[:1000], offset=e.offset)
                    for e in events])
            conn.execute(events_t.delete().where(events_t.c.instance == self.instance, events_t.c.logged_at < cutoff))
            conn.execute(offsets_t.delete().where(offsets_t.c.instance == self.instance, offsets_t.c.read_at < cutoff))

    def events(self, start: dt.datetime, end: dt.datetime, kinds=None) -> list[Event]:
        q = (sa.select(events_t).where(events_t.c.instance == self.instance, events_t.c.logged_at >= _naive(start),
                                       events_t.c.logged_at < _naive(end))
             .order_by(events_t.c.logged_at, events_t.c.id))
        if kinds is not None:
            q = q.where(events_t.c.event.in_(list(kinds)))
        with get_engine(self.url).connect() as conn:
            return [Event(logged_at=_aware(r.logged_at), event=r.event, severity=r.severity, code=r.code,
                          classified_by=r.classified_by or "", occurrences=int(r.occurrences), message=r.message or "",
                          log_file=r.log_file or "", offset=int(r.offset or 0)) for r in conn.execute(q)]


class GuardedLogState:
    """The store's state, falling back to memory for the rest of the run when the store fails: an
    unreadable or full store costs what is remembered, never the check (``failed`` says why)."""

    def __init__(self, store: StoreLogState):
        self._store = store
        self._memory = MemoryLogState()
        self.failed: str | None = None

    @property
    def remembers(self) -> bool:
        return self.failed is None

    def _call(self, name: str, *args, default=None):
        if self.failed is None:
            try:
                return getattr(self._store, name)(*args)
            except Exception as exc:  # noqa: BLE001 - the store is dbpatrol's, not the inspected server's
                self.failed = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
        return getattr(self._memory, name)(*args) if default is None else default

    def file(self, log_file: str) -> FileState | None:
        return self._call("file", log_file, default=False) or None

    def files(self, source: str | None = None) -> list[FileState]:
        return self._call("files", source)

    def save(self, files: list[FileState], events: list[Event], read_at: dt.datetime | None = None) -> None:
        self._call("save", files, events, read_at)  # a failure saves into memory instead

    def events(self, start: dt.datetime, end: dt.datetime, kinds=None) -> list[Event]:
        return self._call("events", start, end, kinds)


def for_session(session) -> MemoryLogState | GuardedLogState:
    """The state of the session's instance: in the store when the runner named the instance and
    gave the session its store (``session.snapshots``, whose URL is the store's); else in memory."""
    url = getattr(getattr(session, "snapshots", None), "url", None)
    name = getattr(session, "instance_name", None)
    return GuardedLogState(StoreLogState(url, name)) if url and name else MemoryLogState()
