"""CFG036 live on the shared private mariadbd: MariaDB 10.11's default sql_mode is strict; an empty one
lacks strict mode and the required modes; STRICT_ALL_TABLES alone still lacks the required modes."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG036"


def test_lax_sql_mode(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    strict = check(mon, CODE, record="healthy", expect="OK")
    assert strict.outcome is Outcome.OK and "STRICT_TRANS_TABLES" in strict.message.en
    try:
        cfg_maria.sql("SET GLOBAL sql_mode = ''")
        lax = check(mon, CODE, record="empty", expect="WARNING",
                    contains="lacks STRICT_TRANS_TABLES or STRICT_ALL_TABLES, ERROR_FOR_DIVISION_BY_ZERO")
        assert lax.outcome is Outcome.WARNING and "sql_mode = (empty)" in lax.message.en, lax.message.en
        assert "lacks STRICT_TRANS_TABLES or STRICT_ALL_TABLES, ERROR_FOR_DIVISION_BY_ZERO" in lax.message.en
        cfg_maria.sql("SET GLOBAL sql_mode = 'STRICT_ALL_TABLES'")
        partial = check(mon, CODE)
        assert partial.outcome is Outcome.WARNING and partial.evidence[0]["missing"] == \
            "ERROR_FOR_DIVISION_BY_ZERO, NO_ENGINE_SUBSTITUTION"
    finally:
        cfg_maria.sql("SET GLOBAL sql_mode = DEFAULT")
