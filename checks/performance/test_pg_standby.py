"""The PostgreSQL performance checks on a streaming standby (review pg-perf M3).

A standby generates no WAL (pg_stat_wal counts only what it writes itself: ~0) and runs no autovacuum
(its tables are vacuumed on the primary and replayed): PRF015 read "0 MB/s" and PRF017 "no worker
busy" there and both said OK about work the standby does not do. They declare roles=("primary",) and
are SKIPPED not applicable on a standby, naming it; the checks whose counters are the standby's own
(its queries' cache hits, seq scans, waits, statements) still run there."""

from __future__ import annotations

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(120)


def test_primary_only_checks_are_not_applicable_on_a_standby(pg_clusters):
    primary = pg_clusters({"wal_level": "replica"})
    standby = pg_clusters.track(primary.standby())
    with open_session(ConnectTarget("postgresql", "127.0.0.1", standby.port, "postgres", "postgres")) as s:
        assert s.facts["role"] == "standby"
        for code in ("PRF015", "PRF017"):
            f = run(s, code)
            assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", (code, f.outcome, f.message.en)
            assert "standby" in f.message.en, (code, f.message.en)
        f = run(s, "PRF013")  # the standby's own reads: still judged there
        assert f.outcome is not Outcome.SKIPPED or f.skip_reason != "not_applicable", f.message.en
