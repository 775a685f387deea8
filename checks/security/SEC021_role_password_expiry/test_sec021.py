"""SEC021 live: login roles with expired, expiring, distant and no password expiry, on a private cluster.

Expiry dates are set relative to the server's now(), and the days left the check reports are
compared with them; the bootstrap superuser and the monitoring role itself have no expiry and are
what the check sees before anything is planted.
"""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.pg_security import check, monitor_role, objects, row

pytestmark = pytest.mark.timeout(120)

CODE = "SEC021"


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters()
    yield c, monitor_role(c, CODE)
    c.destroy()


def test_expired_expiring_and_never_expiring_login_roles(cluster):
    c, mon = cluster
    exempt = {"no_expiry_exempt": {"value": ["postgres", mon.user]}}
    before = check(mon, CODE)
    assert before.outcome is Outcome.WARNING and objects(before) == {"postgres": "WARNING", mon.user: "WARNING"}
    assert "have no password expiry (VALID UNTIL)" in before.message.en
    healthy = check(mon, CODE, exempt, record="healthy", expect="OK")
    assert healthy.outcome is Outcome.OK and "All 2 login role(s)" in healthy.message.en, healthy.message.en

    for name, when in (("dbp_expired", "now() - interval '2 days'"), ("dbp_soon", "now() + interval '5 days'"),
                       ("dbp_month", "now() + interval '20 days'"), ("dbp_fine", "now() + interval '200 days'")):
        c.sql(f"CREATE ROLE {name} LOGIN PASSWORD 'x'")
        c.sql(f"DO $$ BEGIN EXECUTE format('ALTER ROLE {name} VALID UNTIL %%L', {when}); END $$")
    c.sql("CREATE ROLE dbp_forever LOGIN PASSWORD 'x'")
    c.sql("CREATE ROLE dbp_infinity LOGIN PASSWORD 'x' VALID UNTIL 'infinity'")
    c.sql("CREATE ROLE dbp_group NOLOGIN VALID UNTIL '2000-01-01'")  # not a login role: never judged

    f = check(mon, CODE, exempt, record="expiry", expect="CRITICAL", contains="dbp_expired's password expired 2 day(s) ago")
    assert f.outcome is Outcome.CRITICAL, f.message.en
    assert objects(f) == {"dbp_expired": "CRITICAL", "dbp_soon": "CRITICAL", "dbp_month": "WARNING",
                          "dbp_forever": "WARNING", "dbp_infinity": "WARNING"}
    assert -2.05 <= row(f, role_name="dbp_expired")["days_left"] <= -1.95
    assert 4.95 <= row(f, role_name="dbp_soon")["days_left"] <= 5.0
    assert 19.95 <= row(f, role_name="dbp_month")["days_left"] <= 20.0
    assert row(f, role_name="dbp_fine") is None and row(f, role_name="dbp_group") is None
    assert row(f, role_name="dbp_infinity")["valid_until"] is None
    assert "(1 expired, 2 expiring within 30 days, 2 never expiring)" in f.message.en and "过期" in f.message.zh
    assert [r["role_name"] for r in f.evidence][:3] == ["dbp_expired", "dbp_soon", "dbp_month"]

    c.sql("ALTER ROLE dbp_expired NOLOGIN")
    c.sql("ALTER ROLE dbp_soon VALID UNTIL 'infinity'")
    later = check(mon, CODE, {**exempt, "expires_in_days": {"warning": 10, "critical": 3}})
    assert later.outcome is Outcome.WARNING and "dbp_expired" not in objects(later)
    assert "dbp_month" not in objects(later) and objects(later)["dbp_soon"] == "WARNING"
