"""PRF017 on its own cluster (one autovacuum worker; the planted table's vacuum throttled to 100 ms a page): the deleted rows of a 20,000-row
table make autovacuum start; while it runs, two snapshots see the one worker of one busy — saturated in that window
(WARNING), with its run so far; on the first cluster (autovacuum off) the check is not applicable."""

from __future__ import annotations

import datetime as dt
import time

import psycopg

from checks.adapters import ConnectTarget, open_session
from checks.performance.conftest import MON
from dbpatrol.results import Outcome
from tests.live import wait_for

CODE = "PRF017"
S = dt.timedelta(milliseconds=1)


def test_one_worker_busy_is_saturated_and_autovacuum_off_is_not_applicable(perf):
    av = perf.av
    with psycopg.connect(f"host=127.0.0.1 port={av.port} user=postgres dbname=postgres", autocommit=True) as c:
        # its own vacuum sleeps 100 ms per page (cost limit 1): ~90 pages keep the one worker busy for seconds,
        # while the catalogs' vacuums stay at the default speed and cannot hold the worker
        c.execute("CREATE TABLE churn WITH (autovacuum_vacuum_cost_delay = 100, autovacuum_vacuum_cost_limit = 1) AS "
                  "SELECT g FROM generate_series(1, 20000) g")
        c.execute("DELETE FROM churn")
        c.execute("SELECT pg_stat_force_next_flush()")
    with open_session(ConnectTarget("postgresql", "127.0.0.1", av.port, "postgres", MON)) as s:
        wait_for(lambda: s.run("SELECT count(*) AS n FROM pg_stat_progress_vacuum p JOIN pg_class c ON c.oid = p.relid "
                               "WHERE c.relname = 'churn'", {})[0]["n"] == 1, 20,
                 "autovacuum to start on churn")
        t0 = perf.sample(s, CODE)
        time.sleep(0.5)
        t1 = perf.sample(s, CODE)
        f = perf.run(s, CODE, (t0 - S, t1 + S), name=CODE)
        now = perf.run(s, CODE, (t0 - S, t1 + S), name=CODE, store=False)
    r = f.evidence[0]
    assert f.basis == "window" and (r["peak_workers"], r["max_workers"], r["workers_busy_pct"]) == (1, 1, 100.0), r
    assert r["peak_longest_s"] >= 0.5 and r["peak_at"], r
    assert f.outcome is Outcome.WARNING and "all autovacuum workers were busy at once in the window" in f.message.en
    assert now.basis == "current" and now.outcome is Outcome.WARNING and "postgres.churn" in now.message.en, now.message.en

    with perf.session() as s:
        off = perf.run(s, CODE, (t0 - S, t1 + S), name=CODE, store=False)
    assert off.outcome is Outcome.SKIPPED and off.message.en.startswith("not applicable: autovacuum is off"), off.message.en
