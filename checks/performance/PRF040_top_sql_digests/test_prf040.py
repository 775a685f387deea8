"""PRF040 over the planted window on the private mariadbd (performance_schema ON): a full scan of a 20,000-row
table under one digest 20 times between the second and third snapshots, the same scan under another digest 12
times before the first. The inside one tops the list with its in-window count; the outside one is not listed.
The shared MariaDB (performance_schema OFF) says not applicable and how to enable it."""

from __future__ import annotations

from checks.performance._mycounters.live import INSIDE_DIGEST_RUNS, INSTANCE
from dbpatrol.results import Outcome
from tests.live import run

CODE = "PRF040"


def test_the_digest_planted_inside_tops_the_window_and_the_one_before_is_absent(my_perf_window):
    w = my_perf_window
    # the planted digests take ~1 s in all on a quiet machine, more under load: rate them from 0.1 s of
    # statement time, not the default 1 s floor, so the outcome does not depend on the machine's speed
    floor = {"min_total_time_s": {"value": 0.1}}
    inside = w.check(CODE, win=w.planted, overrides=floor, record="planted-window", expect="WARNING",
                     contains="of all time")
    top = inside.evidence[0]
    assert inside.basis == "window", inside.message.en
    assert "dbp_inside" in top["query"] and top["rank"] == 1 and top["calls"] == INSIDE_DIGEST_RUNS, top
    assert top["rows_examined"] == INSIDE_DIGEST_RUNS * 20000 and top["no_index_used"] == INSIDE_DIGEST_RUNS
    assert top["schema_name"] == "dbp_perf" and "LIKE ?" in top["query"] and "i0%" not in top["query"]  # normalised
    assert not any("dbp_outside" in (r.get("query") or "") for r in inside.evidence), inside.evidence
    assert inside.outcome is Outcome.WARNING and "of all time" in inside.message.en, inside.message.en
    assert "in the window" in inside.message.en and "窗口内" in inside.message.zh
    assert not any("information_schema" in (r.get("query") or "").lower() for r in inside.evidence)  # our own left out
    before = w.check(CODE, win=w.before, overrides=floor, record="quiet-window", expect="OK")
    assert before.basis == "window" and not any("dbp_" in (r.get("query") or "") for r in before.evidence)
    # without snapshots: counters since the server start, both digests, said so
    since = w.check(CODE, url=None)
    names = {r["query"].split(" AS ")[1].split()[0].strip("`") for r in since.evidence if " AS `dbp_" in (r["query"] or "")}
    assert since.basis == "window" or since.evidence[0]["basis"] == "cumulative"
    assert {"dbp_inside", "dbp_outside"} <= names and "since the server start" in since.message.en, since.message.en


def test_performance_schema_off_is_not_applicable_with_how_to_enable(my_session):
    f = run(my_session, CODE)
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", f.message.en
    assert f.message.en.startswith("not applicable: performance_schema is OFF") and "performance_schema = ON" in f.message.en


def test_a_digest_epoch_is_utc_whatever_the_session_time_zone(my_perf_window):
    """Review mysql-perf-review-2 #1: FIRST_SEEN is shown in the session's time_zone (the server's
    default-time-zone, e.g. '+08:00' on a UTC host), so the epoch must be converted from that zone, not from SYSTEM;
    8 h late, a digest first seen hours before the window looked first seen inside it and counted its whole life."""
    import datetime as dt

    from checks import samples
    from checks.performance._mycounters.live import connect

    sql = samples.sql_for(samples.by_name("my.digests"), "mariadb", (10, 11))
    with connect(my_perf_window.server) as c, c.cursor() as cur:
        cur.execute("SET SESSION time_zone = '+08:00'")
        cur.execute("SELECT 1 AS dbp_tz_probe")
        cur.execute(sql)
        rows = [r for r in cur.fetchall() if r[0] != "(instance)"]
        cur.execute("SELECT UTC_TIMESTAMP(), @@system_time_zone")
        now, system_zone = cur.fetchone()
    assert system_zone != "+08:00" and rows
    epochs = [samples.utc(r[1]) for r in rows]
    assert all(e <= now + dt.timedelta(seconds=5) for e in epochs), (now, max(epochs))  # none in the future
    assert max(epochs) >= now - dt.timedelta(minutes=30), (now, max(epochs))  # the probe was first seen just now
