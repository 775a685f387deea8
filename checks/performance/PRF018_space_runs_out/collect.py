"""PRF018: each database's size now (the source's SQL), its growth per day over the window (least squares over
the pg.sizes snapshots, checks/window.py trends), and the free space of the filesystem holding the data
directory, read over SSH as OSH001 reads it (``df -P -k DATADIR``, checks/host) when the inventory gives the
host ``ssh:``; without it the free space is unknown and the rows say why.

Tablespaces outside the data directory (pg-perf-review S6): one row each (``tablespace``, ``location``, its size now,
its growth per day over the window's pg.tablespaces snapshots, and the free space of the filesystem holding its
location, ``df -P -k LOCATION``), so the judge sets each against its own filesystem's free space."""

from __future__ import annotations

from checks.collect import CollectSkip
from checks.spec import WindowSpec

TS_SQL = """
SELECT t.spcname                                                                    AS tablespace,
       pg_tablespace_location(t.oid)                                                AS location,
       CASE WHEN has_tablespace_privilege(t.oid, 'CREATE') OR pg_has_role('pg_read_all_stats', 'USAGE')
            THEN pg_tablespace_size(t.oid) END                                      AS size_bytes
FROM pg_tablespace t
WHERE pg_tablespace_location(t.oid) <> ''
ORDER BY 1
"""
TS_WINDOW = WindowSpec(source="pg.tablespaces", match=("tablespace",), trends={"growth_bytes_per_day": "size_bytes"},
                       samples="samples")

SQL = """
SELECT d.datname,
       CASE WHEN has_database_privilege(d.oid, 'CONNECT') OR pg_has_role('pg_read_all_stats', 'USAGE')
            THEN pg_database_size(d.oid) END                                        AS size_bytes,
       current_setting('data_directory')                                            AS data_directory
FROM pg_database d
WHERE d.datallowconn
ORDER BY 2 DESC NULLS LAST
"""


def free_space(ctx, data_directory: str) -> dict:
    """The data directory's filesystem: avail bytes and mount, or a note why it is not known."""
    from checks import host

    try:
        host.access(ctx)
        r = host.run(ctx, ["df", "-P", "-k", data_directory])
    except CollectSkip as skip:
        return {"fs_avail_bytes": None, "fs_size_bytes": None, "fs_mount": None,
                "fs_note": skip.en.removeprefix("not inspected: ")}
    parsed = host.parse_df(r.text) if r.ok else None
    if parsed is None:
        return {"fs_avail_bytes": None, "fs_size_bytes": None, "fs_mount": None,
                "fs_note": f"df -P -k {data_directory} failed: {(r.error if not r.ok else r.text)[:200]}"}
    return {"fs_avail_bytes": parsed["free"] * 1024, "fs_size_bytes": parsed["total"] * 1024, "fs_mount": parsed["mount"],
            "fs_note": None}


def tablespace_growth(ctx, rows: list[dict]) -> list[dict]:
    """``rows`` (one per tablespace) with their growth per day over the window's pg.tablespaces snapshots (None: none)."""
    from checks.window import evaluate

    out = [dict(r, growth_bytes_per_day=None, samples=None) for r in rows]
    s = ctx.session
    if not rows or getattr(s, "snapshots", None) is None or not getattr(s, "instance_name", None):
        return out
    try:
        points = s.snapshots.points(s.instance_name, TS_WINDOW.source, ctx.window_start, ctx.window_end)
        w = evaluate(TS_WINDOW, out, points, (ctx.window_start, ctx.window_end), TS_WINDOW.object_of)
    except Exception:  # noqa: BLE001 - an unreadable store: growth unknown, said by the None
        return out
    if w is None:
        return out
    grown = {r["tablespace"]: r for r in w.rows if r.get("growth_bytes_per_day") is not None}
    return [dict(r, growth_bytes_per_day=grown[r["tablespace"]]["growth_bytes_per_day"],
                 samples=grown[r["tablespace"]].get("samples")) if r["tablespace"] in grown else r for r in out]


def postgresql(ctx):
    rows = ctx.run(SQL)
    if not rows:
        return []
    fs = free_space(ctx, str(rows[0]["data_directory"]))
    out = [{**r, "tablespace": None, "location": None, "growth_bytes_per_day": None, "samples": None, **fs} for r in rows]
    for t in tablespace_growth(ctx, ctx.run(TS_SQL)):
        out.append({"datname": None, "data_directory": rows[0]["data_directory"], **t,
                    **free_space(ctx, str(t["location"]))})
    return out
