"""SEC054 on the shared private lab, against windows taken from the test's own clock: an account
created inside the window is listed with its creation time, one created before the window is not
until its password is changed inside it; a window that ends before both sees neither."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from dbpatrol.results import Outcome
from tests.live import run
from tests.mysql_security import lab

pytestmark = pytest.mark.timeout(60)

CODE = "SEC054"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def listed(f) -> dict[str, str]:
    return {r["account"]: r["password_changed"] for r in f.evidence}


def test_accounts_changed_inside_the_window(srv):
    with srv.session(CODE) as s:
        with srv.accounts("CREATE USER 'dbp054_old'@'%' IDENTIFIED BY 'x-054'"):
            time.sleep(1.1)  # password_last_changed has whole seconds
            start = now().replace(microsecond=0)  # password_last_changed counts whole seconds
            quiet = run(s, CODE, win=(start, now()))
            assert quiet.outcome is Outcome.OK and quiet.evidence == [], quiet.message.en
            with srv.accounts("CREATE USER 'dbp054_new'@'10.1.2.%' IDENTIFIED BY 'x-054'"):
                made = now()
                f = run(s, CODE, win=(start, now() + dt.timedelta(seconds=1)))
                assert set(listed(f)) == {"dbp054_new@10.1.2.%"}, f.evidence
                changed = dt.datetime.fromisoformat(listed(f)["dbp054_new@10.1.2.%"]).replace(tzinfo=dt.timezone.utc)
                assert abs((changed - made).total_seconds()) <= 2, (changed, made)
                assert f.outcome is Outcome.WARNING and f.message.en.startswith(
                    "1 account(s) created or given a new password inside the window, latest dbp054_new@10.1.2.%")
                srv.sql("ALTER USER 'dbp054_old'@'%' IDENTIFIED BY 'y-054'")
                f = run(s, CODE, win=(start, now() + dt.timedelta(seconds=1)))
                assert set(listed(f)) == {"dbp054_new@10.1.2.%", "dbp054_old@%"}
                assert {o.key for o in f.objects} == {"dbp054_new@10.1.2.%", "dbp054_old@%"}
                before = run(s, CODE, win=(start - dt.timedelta(days=1), start - dt.timedelta(seconds=1)))
                assert not {a for a in listed(before) if a.startswith("dbp054_")}
                rotated = run(s, CODE, {"allowed_accounts": {"value": ["dbp054_old@%"]}},
                              win=(start, now() + dt.timedelta(seconds=1)))
                assert set(listed(rotated)) == {"dbp054_new@10.1.2.%"}
