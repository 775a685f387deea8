"""The pg.statements snapshot source on a private PostgreSQL 15 with pg_stat_statements preloaded:
what one snapshot reads, what the store keeps of it (only changed rows between daily keyframes, each
text once, masked), and what the reader rebuilds over a window."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from checks import samples
from checks.adapters import ConnectTarget, open_session
from dbpatrol import snapshots
from dbpatrol.store_db import get_engine, snapshot_rows_table, statement_texts_table
from checks.window import Series, increase


def _snap(target, url, name):
    with open_session(target) as s:
        snap = samples.take(s, snapshots.known_texts(url, name))
    assert "pg.statements" not in snap.refused, snap.refused
    snapshots.save(url, name, snap, "sampler")
    return snap


def _stored(url, source="pg.statements"):
    t = snapshot_rows_table
    with get_engine(url).connect() as c:
        return c.execute(sa.select(t.c.snapshot_id, sa.func.count()).where(t.c.source == source)
                         .group_by(t.c.snapshot_id).order_by(t.c.snapshot_id)).all()


def _key(cluster, marker: str) -> str:
    return cluster.sql("SELECT userid || ':' || dbid || ':' || queryid || ':' || CASE WHEN toplevel THEN 't' ELSE 'f' END "
                       f"FROM pg_stat_statements WHERE strpos(query, '{marker}') > 0 AND strpos(query, 'pg_stat_statements') = 0")


@pytest.mark.parametrize("cluster", ["stmt_pg", "stmt_pg18"])
def test_changed_rows_texts_and_window(cluster, request, tmp_path):
    stmt_pg = request.getfixturevalue(cluster)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    target = ConnectTarget("postgresql", "127.0.0.1", stmt_pg.port, "postgres", "postgres")
    stmt_pg.sql("CREATE TABLE IF NOT EXISTS src_t (a int, b text)")
    with stmt_pg.engine().connect() as c:  # 100 statements that do not run again: stored at the keyframe only
        for i in range(100):
            c.exec_driver_sql("SELECT " + " + ".join(["1"] * (i + 1)) + " AS src_idle")
    for i in range(3):
        stmt_pg.sql(f"SELECT count(*) AS src_marker FROM src_t WHERE a > {i} AND b <> 'secret-{i}'")
    first = _snap(target, url, "src")
    key = _key(stmt_pg, "src_marker")
    assert key and any(r.object == key for r in first.rows)
    assert first.texts[("pg.statements", key)].startswith("SELECT count(*) AS src_marker FROM src_t WHERE a > $1")
    entries = next(r for r in first.rows if r.source == "pg.statements" and r.object == "(instance)").data["entries"]
    for i in range(7):
        stmt_pg.sql(f"SELECT count(*) AS src_marker FROM src_t WHERE a > {i} AND b <> 'x'")
    second = _snap(target, url, "src")
    assert ("pg.statements", key) not in second.texts  # its text is stored once
    counts = [n for _, n in _stored(url)]
    assert counts[0] == entries + 1  # the first snapshot is a keyframe: every key, + the summary row
    assert entries > 100 and counts[1] < 50, counts  # then only what changed (the planted key, our own reads …)
    with get_engine(url).connect() as c:
        texts = dict(c.execute(sa.select(statement_texts_table.c.object, statement_texts_table.c.text)).all())
    assert texts[key].count("src_marker") == 1
    assert all("secret" not in t for t in texts.values())  # remaining literals are masked
    w = snapshots.SnapshotReader(url).statements("src", "pg.statements", first.taken_at,
                                                 second.taken_at + dt.timedelta(seconds=1))
    assert w is not None and key in w.keys
    inc = increase(Series(w.keys[key], (w.start, w.end)), "calls", dt.timedelta(0))
    assert inc.value == 7 and not inc.lower_bound, (inc, w.keys[key], w.start)
    assert w.summary_increase("dealloc") == 0 and w.gone == 0 and not w.reset
    assert snapshots.SnapshotReader(url).texts("src", "pg.statements", [key]) == {key: texts[key]}
