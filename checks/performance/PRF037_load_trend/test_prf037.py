"""PRF037 on the private mariadbd with a store of the test's own: three snapshots, 2,000 statements between the
first two (the previous period) and six times as many between the last two (the window, the same length): +500 %
or so, far enough from the +100 % critical level that timing noise (the windows' lengths are equal only to a
fraction of a second; a quiet machine measured +95 % with three times as many) cannot move the outcome."""

from __future__ import annotations

import datetime as dt
import time

from checks.config._live import sample
from checks.performance._mycounters.live import connect
from dbpatrol.results import Outcome

CODE = "PRF037"
PERIOD_S = 2.0


def _until(t: dt.datetime) -> None:
    time.sleep(max(0.0, (t - dt.datetime.now(dt.timezone.utc)).total_seconds()))


def statements(server, n, sql="SELECT 1"):
    conn = connect(server)
    with conn.cursor() as cur:
        for _ in range(n):
            cur.execute(sql)
    conn.close()


def test_window_load_against_the_previous_period(my_perf_window, tmp_path):
    w = my_perf_window
    url = f"sqlite:///{tmp_path / 'load.db'}"
    target = w.target("PRF040")
    # both periods last PERIOD_S whatever the statements take, so the rates differ by the counts alone
    a = sample(target, url, "load")
    statements(w.server, 150)
    _until(a + dt.timedelta(seconds=PERIOD_S))
    b = sample(target, url, "load")
    statements(w.server, 900, "SELECT a FROM nums WHERE id = 1")  # autocommit InnoDB reads: one engine commit each
    _until(b + (b - a))
    c = sample(target, url, "load")  # the window b..c as long as the period a..b before it
    few = {"min_questions": {"value": 50}}
    f = w.check(CODE, url=url, name="load", win=(b, c), overrides=few, record="tripled", expect="CRITICAL")
    r = f.evidence[0]
    assert 900 <= r["questions"] <= 1000 and 150 <= r["prev_questions"] <= 250, r  # + the sampler's own few
    assert abs(r["qps"] - r["questions"] / r["covered_s"]) < 0.05 * r["qps"]  # covered_s is rounded
    # mysql-perf-review-2 S3: no COMMIT statement ran, 900 autocommit transactions did — Handler_commit shows them
    assert r["tps"] == 0 and 890 <= r["engine_commits_ps"] * r["covered_s"] <= 1000, r  # both figures are rounded
    assert "explicit COMMIT/ROLLBACK only" in f.message.en and "autocommit statements included" in f.message.en, f.message.en
    assert f.outcome is Outcome.CRITICAL and "the load grew" in f.message.en and r["qps_growth_pct"] > 100, f.message.en
    steady = w.check(CODE, url=url, name="load", win=(b, c), overrides={**few, "qps_growth_pct": {"warning": 1000, "critical": 2000}})
    assert steady.outcome is Outcome.OK
    alone = w.check(CODE, url=url, name="load", win=(a, b), overrides=few)  # no period before the first
    assert alone.outcome is Outcome.SKIPPED and alone.message.en.startswith("not applicable: a trend needs"), alone.message.en
    nostore = w.check(CODE, url=None, name="load")
    assert nostore.outcome is Outcome.SKIPPED
