"""SEC010 on a physical standby, through the real OracleSession with the driver replayed (no Oracle server here):
DBA_USERS.LAST_LOGIN there is the primary's, so the check does not apply — SKIPPED not_applicable, never a
WARNING about accounts that only log in on the standby (review oracle-security-config should-fix 7)."""

from __future__ import annotations

from checks import registry
from checks.execute import run_check
from dbpatrol.results import Outcome
from tests.test_oracle_replay import ReplaySession

REG = registry.load()


def test_sec010_does_not_rate_last_login_on_a_standby():
    s = ReplaySession(role="PHYSICAL STANDBY")
    assert s.facts["role"] == "standby"
    f = run_check(s, REG.get("SEC010"), REG.effective_thresholds("SEC010", []), None)
    assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", (f.outcome, f.message.en)
    assert not any("dba_users" in sql.lower() for sql in s.sent), "SEC010's statement was sent on a standby"
