"""CFG009 live: PostgreSQL 18.6 (tests/servers.py pg18_bin) is supported and on the newest minor listed;
the same server judged against a list that knows a newer minor is behind; PostgreSQL 15.20 judged with
an end of life already past (a bank's list, or the date coming) is CRITICAL."""

from __future__ import annotations

import pytest

from checks.config._live import check, pg_monitor_for
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG009"


def test_supported_behind_and_past_its_end(cfg_pg, cfg_pg18):
    mon18 = pg_monitor_for(cfg_pg18, CODE)
    current = check(mon18, CODE, record="supported", expect="OK")
    assert current.outcome is Outcome.OK and "major 18 until 2030-11-14" in current.message.en, current.message.en
    behind = check(mon18, CODE, {"latest_minors": {"value": ["18=18.8"]}}, record="behind", expect="WARNING",
                   contains="2 minor release(s) behind 18.8")
    assert behind.outcome is Outcome.WARNING and "落后最新小版本 18.8 共 2 个" in behind.message.zh
    past = check(pg_monitor_for(cfg_pg, CODE), CODE, {"eol_dates": {"value": ["15=2026-11-12"]}}, record="eol",
                 expect="CRITICAL", contains="major 15 reached its end of life (2026-11-12)")
    assert past.outcome is Outcome.CRITICAL and past.evidence[0]["version_num"] // 10000 == 15
    older = check(pg_monitor_for(cfg_pg, CODE), CODE, {"eol_dates": {"value": ["16=2028-11-09"]}})
    assert older.outcome is Outcome.CRITICAL and "before 16" in older.message.en  # older than every major listed


def test_a_9x_server_is_past_its_end_of_life():
    """Before 10 the version number holds the major in two parts (9.6.24 is 90624): every such major is out of
    support. No 9.x server runs here: the judge gets the row postgresql.sql returns there."""
    import datetime as dt

    from checks.execute import judge_rows
    from checks.judges import JudgeContext
    from tests.live import REG

    check_ = REG.get(CODE)
    end = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    for version, num in (("9.6.24", 90624), ("9.4.26", 90426)):
        ctx = JudgeContext(engine="postgresql", server_version=version, facts={}, window_start=end - dt.timedelta(days=1),
                           window_end=end, object_key=check_.spec.object_key)
        f = judge_rows(check_.spec, "postgresql", [{"version": version, "version_num": num}],
                       REG.effective_thresholds(CODE, []), ctx)
        assert f.outcome is Outcome.CRITICAL, f.message.en
        assert f"major {version.rsplit('.', 1)[0]} reached its end of life" in f.message.en
