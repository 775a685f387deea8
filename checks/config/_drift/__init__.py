"""Settings drift from stored snapshots (CFG014 PostgreSQL, CFG042 MySQL / MariaDB; CFG015 compares the
nodes of one PostgreSQL cluster). Not a check: the registry skips ``_`` folders.

Every inspection and every sampler run stores a settings snapshot (checks/samples ``pg.settings`` /
``my.variables``): the server-wide settings that are not at their default, as numbers — the value of a
numeric setting, 1/0 for booleans (key suffix ``!``), a hash of the text otherwise (suffix ``#``: that
it changed is known, the old text is not stored, so the message says so instead of inventing one).
A drift check reads the points standing for the window (dbpatrol.snapshots.SnapshotReader.points),
appends the state now (the source's own SQL, on the session), and reports each change between
consecutive points: name, old → new, and when (after the older point, by the newer one).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from checks import samples
from checks.collect import CollectSkip

META = {"system_identifier", "in_recovery!"}


def decode(key: str, value: Any) -> tuple[str, str]:
    """(setting name, value as shown) of one stored key."""
    if key.endswith("!"):
        return key[:-1], "on" if value else "off"
    if key.endswith("#"):
        return key[:-1], f"text #{int(value):x}" if isinstance(value, (int, float)) else "text"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return key, str(value)


def now_state(ctx, source_name: str) -> dict[str, Any]:
    source = samples.by_name(source_name)
    session = ctx.session
    if not samples.applies(source, session):
        raise CollectSkip("not_applicable", f"the settings snapshot ({source_name}) needs {session.flavor} "
                                            f"{source.min_version} or later",
                          f"设置快照（{source_name}）需要 {session.flavor} {source.min_version} 或更高版本")
    sql = samples.sql_for(source, session.flavor, session.version)
    rows = ctx.run(sql, keep_settings=True)  # as the snapshots read them (samples.take)
    return samples.numbers(rows[0]["data"]) if rows and rows[0].get("data") is not None else {}


def stored_points(ctx, source_name: str) -> list:
    session = ctx.session
    if session.snapshots is None or not session.instance_name:
        raise CollectSkip("not_applicable", "no snapshot store in this run (an inspection outside a flow): settings "
                                            "drift is read from the settings snapshots inspections and the sampler "
                                            "store; the changes the server records itself: CFG001, CFG002, CFG039",
                          "本次运行没有快照存储（未通过流程巡检）：参数漂移需读取巡检和采样器保存的设置快照；服务器自身记录的"
                          "变更见 CFG001、CFG002、CFG039")
    points = session.snapshots.points(session.instance_name, source_name, ctx.window_start, ctx.window_end)
    return points.get(samples.INSTANCE, [])


def changes(points: list, now: dict[str, Any], now_at: dt.datetime) -> list[dict[str, Any]]:
    """Each change between consecutive states (stored points, then now): one row per setting and change."""
    states = [(p.taken_at, dict(p.data)) for p in points] + [(now_at, now)]
    out = []
    for (t0, a), (t1, b) in zip(states, states[1:]):
        for key in sorted((set(a) | set(b)) - META):
            if a.get(key) == b.get(key):
                continue
            name = key.rstrip("!#")
            old = decode(key, a[key])[1] if key in a else "(default)"
            new = decode(key, b[key])[1] if key in b else "(default)"
            out.append({"name": name, "old_value": old, "new_value": new, "kind": "change",
                        "changed_after": _iso(t0), "changed_by": _iso(t1)})
    return out


def _iso(t: dt.datetime | None) -> str | None:
    if t is None:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return t.replace(microsecond=0).isoformat() + "Z"


def basis_row(points: list, now_at: dt.datetime) -> dict[str, Any]:
    """The row that says what was compared: the first stored point and how many."""
    return {"name": "(snapshots)", "old_value": str(len(points)), "new_value": None, "kind": "basis",
            "changed_after": _iso(points[0].taken_at) if points else None, "changed_by": _iso(now_at)}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def fill_defaults(rows: list[dict[str, Any]], defaults: dict[str, Any]) -> list[dict[str, Any]]:
    """Show a compiled-in default where a side of a change is one (a snapshot keeps non-default settings
    only): '4096 (default)'; unknown defaults stay '(default)'."""
    for r in rows:
        for col in ("old_value", "new_value"):
            if r.get(col) == "(default)" and defaults.get(str(r.get("name")).lower()) not in (None, ""):
                r[col] = f"{defaults[str(r['name']).lower()]} (default)"
    return rows
