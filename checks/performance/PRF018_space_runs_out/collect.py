"""PRF018: each database's size now (the source's SQL), its growth per day over the window (least squares over
the pg.sizes snapshots, checks/window.py trends), and the free space of the filesystem holding the data
directory, read over SSH as OSH001 reads it (``df -P -k DATADIR``, checks/host) when the inventory gives the
host ``ssh:``; without it the free space is unknown and the rows say why."""

from __future__ import annotations

from checks.collect import CollectSkip

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


def postgresql(ctx):
    rows = ctx.run(SQL)
    if not rows:
        return []
    fs = free_space(ctx, str(rows[0]["data_directory"]))
    return [{**r, "growth_bytes_per_day": None, "samples": None, **fs} for r in rows]
