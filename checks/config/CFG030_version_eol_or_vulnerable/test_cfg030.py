"""CFG030 live on the shared private mariadbd (Debian's MariaDB 10.11.19): a supported LTS series with no
CVE listed for its release. The same server judged with a date past 10.11's end of life is CRITICAL;
older releases (10.11.6, MySQL 8.0.36, an innovation series) are judged from fixtures."""

from __future__ import annotations

import pytest

from checks.config._live import check, my_monitor_for
from dbpatrol.results import Outcome

pytestmark = pytest.mark.timeout(120)

CODE = "CFG030"


def test_supported_then_past_its_end(cfg_maria):
    mon = my_monitor_for(cfg_maria, CODE)
    ok = check(mon, CODE, record="healthy", expect="OK")
    assert ok.outcome is Outcome.OK and "MariaDB 10.11.19 is a supported series (end of life: 2028-02-16)" in ok.message.en
    assert ok.evidence[0]["cves"] == 0
    past = check(mon, CODE, {"eol_dates": {"value": ["mariadb:10.11=2026-11-01"]}}, record="eol", expect="CRITICAL",
                 contains="series 10.11 reached its end of life on 2026-11-01")
    assert past.outcome is Outcome.CRITICAL, past.message.en
