"""SEC046 on the private lab: max_password_errors at its default (no limit), at 5 and at 50, each
read back as the server has it; the lab's globals are restored after."""

from __future__ import annotations

import pytest

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(60)

CODE = "SEC046"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def test_max_password_errors(srv):
    with srv.session(CODE) as s:
        f = run(s, CODE)
        assert srv.value("SELECT @@GLOBAL.max_password_errors") == 4294967295
        assert f.outcome is Outcome.WARNING, f.message.en
        assert [(r["name"], r["failed_logins_limit"]) for r in f.evidence] == [("max_password_errors", 4294967295)]
        assert f.message.en == ("max_password_errors = 4,294,967,295: wrong passwords can be tried without limit "
                                "(expected at most 10)"), f.message.en
        assert [(o.key, o.outcome) for o in f.objects] == [("max_password_errors", Outcome.WARNING)]
        with srv.globals(max_password_errors=5):
            f = run(s, CODE)
            assert f.outcome is Outcome.OK and "limited to 10 or fewer" in f.message.en, f.message.en
        with srv.globals(max_password_errors=50):
            assert run(s, CODE).outcome is Outcome.WARNING
            assert run(s, CODE, {"max_failed_logins": {"value": 50}}).outcome is Outcome.OK
