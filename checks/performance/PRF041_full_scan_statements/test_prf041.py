"""PRF041 over the planted window: the 20 full scans of nums (20,000 rows examined each, pad has no index) are
flagged by name with their in-window figures; the 12 of another digest before the window are not counted."""

from __future__ import annotations

from checks.performance._mycounters.live import INSIDE_DIGEST_RUNS, INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF041"


def test_the_planted_missing_index_workload_is_flagged_by_name(my_perf_window):
    w = my_perf_window
    f = w.check(CODE, win=w.planted, record="planted-window", expect="WARNING",
                     contains="rows examined each")
    quiet = w.check(CODE, win=w.before, record="quiet-window", expect="OK")
    assert quiet.outcome is Outcome.OK and quiet.basis == "window", quiet.message.en
    flagged = [r for r in f.evidence if "dbp_inside" in (r.get("query") or "")]
    assert f.basis == "window" and f.outcome is Outcome.WARNING, f.message.en
    assert len(flagged) == 1 and flagged[0]["full_scan_calls"] == INSIDE_DIGEST_RUNS, f.evidence
    assert flagged[0]["examined_per_call"] == 20000 and "`nums`" in flagged[0]["query"]
    assert "nums" in f.message.en and "20000 rows examined each" in f.message.en, f.message.en
    assert {o.key: o.outcome for o in f.objects}[flagged[0]["statement"]] is Outcome.WARNING
    assert not any("dbp_outside" in (r.get("query") or "") for r in f.evidence)
    # the words table (200 rows) is scanned too, 70 times in the window: listed, under the level
    small = [r for r in f.evidence if "`words`" in (r.get("query") or "")]
    assert small and all(r["examined_per_call"] < 10000 for r in small)
    assert all(o.outcome is Outcome.OK for o in f.objects if o.key in {r["statement"] for r in small})


def test_the_sampler_s_own_read_of_the_mysql_schema_is_left_out(my_perf_window):
    """Review mysql-perf-review-2 #4: on MySQL 8 dbpatrol's statements carry no SET STATEMENT prefix, so the
    sampler's my.schema_sizes (a scan of mysql.innodb_table_stats: one row examined per InnoDB table, 10,000 on a
    10,000-table server, every 15 minutes) was kept and would be PRF041's own full scan. Run here bare, as MySQL 8
    runs it; its digest must not be among the kept ones."""
    from checks import samples
    from checks.performance._mycounters.live import connect

    with connect(my_perf_window.server) as c, c.cursor() as cur:
        cur.execute(samples.sql_for(samples.by_name("my.schema_sizes"), "mariadb", (10, 11)))
        cur.execute("SELECT DIGEST, DIGEST_TEXT FROM performance_schema.events_statements_summary_by_digest "
                    "WHERE DIGEST_TEXT LIKE '%innodb_table_stats%' AND DIGEST_TEXT NOT LIKE 'SET STATEMENT%'")
        own = cur.fetchall()
        cur.execute(samples.sql_for(samples.by_name("my.digests"), "mariadb", (10, 11)))
        kept = {str(r[0]) for r in cur.fetchall()}
    assert own, "the bare schema_sizes statement made no digest"
    assert not any(k.startswith(f"d:{d}:") for d, _ in own for k in kept), own
