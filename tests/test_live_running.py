"""Running-status checks (RUN*) on the real local PostgreSQL 15 and MariaDB 10.11.

Every check runs as the least-privileged monitoring user (``dbpatrol_mon``, holding exactly the
privileges the catalog declares). The failing paths are forced by planting real problems with the
admin engines — an idle transaction, a blocked lock chain, a long query, a snapshot holding the
xmin horizon, an inactive replication slot, failed logins — and asserted by code and outcome.
Thresholds are lowered through the ordinary override layer only where the real problem cannot
reach the default in a test's lifetime (ages of seconds instead of minutes).

Everything planted is undone in ``finally`` blocks; every wait is bounded.
"""

from __future__ import annotations


import pytest

from checks import registry


pytestmark = pytest.mark.timeout(120)

REG = registry.load()
RUNNING = {eng: [c.code for c in REG.select("daily", eng, category="running")] for eng in ("postgresql", "mariadb")}



# ----------------------------------------------------------------------------------------------
# (1) that every check runs as a user holding exactly its declared privileges (and is SKIPPED naming
# the privilege without it) is proven per privilege set in tests/test_privileges.py


def test_every_running_check_is_covered():
    assert set(RUNNING["postgresql"]) >= {f"RUN{n:03d}" for n in range(2, 15)}
    assert set(RUNNING["mariadb"]) >= {"RUN002", "RUN003", "RUN004", "RUN005", "RUN006", "RUN007",
                                       "RUN015", "RUN016", "RUN017"}


# ----------------------------------------------------------------------------------------------
# (2) failing paths from real problems
# live in each check's own folder: checks/running/<CODE>_<name>/test_<code>.py
