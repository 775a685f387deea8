"""Python collectors: a check that collects with code on the open session instead of one SQL file.

A check folder may hold ``collect.py`` beside (or instead of) its SQL files, defining one function
per engine it collects that way, named after the engine::

    # checks/errors/ERR015_fatal_errors_logged/collect.py
    from checks.logs import postgresql as pglog

    def postgresql(ctx):           # ctx: CollectContext
        return pglog.rows(ctx, "fatal")

The registry picks the functions up (``Check.collectors``); an engine collected in Python has no
SQL file of its own (MariaDB may still fall back to a ``mysql.sql`` when it has no collector of its
own; its own collector wins over that fallback). A collector gets the session, the window (start,
end: UTC-aware), the check's timeout and effective thresholds, the database for database-scope
checks, and ``state``: where it may remember what it read (server-log offsets and events in
dbpatrol's store when the runner named the instance, else in memory for this run only). It returns
rows as SQL would (lower-case columns, the spec's ``columns``), which the judge then rates.

Errors map as SQL errors do: it runs its statements with ``session.run`` (so a refusal is a
QueryError of kind privilege → SKIPPED missing privilege, a timeout → ERROR); it raises
:class:`CollectSkip` when the check cannot apply or cannot see what it must (logging_collector off,
a log file not readable where dbpatrol runs), with the reason in both languages — never an OK from
what it could not read.
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable

# skip_reason → how the finding's message starts (dbpatrol.results SKIP_REASONS)
_PREFIX = {"not_applicable": ("not applicable", "不适用"), "privilege": ("missing privilege", "缺少权限"),
           "unreachable": ("not inspected", "未巡检")}


class CollectSkip(Exception):
    """The collector cannot apply here or cannot see what it must: SKIPPED with this reason.

    ``skip_reason``: ``not_applicable`` (the feature it reads is off), ``privilege`` (refused),
    ``unreachable`` (not inspected: e.g. a log on another host, read over SSH later)."""

    def __init__(self, skip_reason: str, en: str, zh: str):
        if skip_reason not in _PREFIX:
            raise ValueError(f"skip_reason {skip_reason!r} is not one of {sorted(_PREFIX)}")
        super().__init__(en)
        self.skip_reason = skip_reason
        self.en = f"{_PREFIX[skip_reason][0]}: {en}"
        self.zh = f"{_PREFIX[skip_reason][1]}：{zh}"


Collector = Callable[["CollectContext"], list]

_memos: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()


@dataclass
class CollectContext:
    session: Any  # checks.adapters.base.Session
    window_start: dt.datetime
    window_end: dt.datetime
    timeout_s: float
    thresholds: dict[str, Any] = field(default_factory=dict)  # name → checks.judges.Levels
    database: str | None = None
    state: Any = None  # dbpatrol.log_offsets.StoreLogState | MemoryLogState

    @property
    def window(self) -> tuple[dt.datetime, dt.datetime]:
        return self.window_start, self.window_end

    def run(self, sql: str, params: dict[str, Any] | None = None, keep_settings: bool = False) -> list[dict[str, Any]]:
        """One statement in its own read-only transaction with the check's timeout (QueryError on failure);
        ``keep_settings``: a read of the server's settings as they are (Session.run)."""
        return self.session.run(sql, params, timeout_s=self.timeout_s, keep_settings=keep_settings)

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per session and key: checks that share one read (every server-log check
        of an inspection reads the log once) ask for it under the same key."""
        memo = _memos.setdefault(self.session, {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]


def context(session, window, timeout_s: float, thresholds=None, database: str | None = None) -> CollectContext:
    from dbpatrol.log_offsets import for_session

    return CollectContext(session=session, window_start=window[0], window_end=window[1], timeout_s=timeout_s,
                          thresholds=dict(thresholds or {}), database=database, state=for_session(session))
