"""SEC045 on the private lab: no validation plugin (a one-character password is accepted), then
simple_password_check loaded (the same password refused) at its default length 8, at 14, and with
strict_password_validation OFF; the plugin is unloaded again at the end."""

from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(60)

CODE = "SEC045"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


@contextlib.contextmanager
def plugin(srv, name):
    srv.sql(f"INSTALL SONAME '{name}'")
    try:
        yield
    finally:
        srv.sql(f"UNINSTALL SONAME '{name}'")


def accepts(srv, password: str) -> bool:
    try:
        with srv.accounts(f"CREATE USER 'dbp045_try'@'%' IDENTIFIED BY '{password}'"):
            return True
    except sa.exc.DBAPIError:
        return False


def settings(f) -> dict[str, str]:
    return {r["name"]: r["setting"] for r in f.evidence}


def test_no_validation_then_weak_then_strong(srv):
    with srv.session(CODE) as s:
        f = run(s, CODE)
        assert accepts(srv, "a")
        assert f.outcome is Outcome.CRITICAL and settings(f) == {"password_validation": "NONE"}, f.message.en
        assert f.message.en.startswith("No password validation is active")
        with plugin(srv, "simple_password_check"):
            assert not accepts(srv, "a")
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING, f.message.en
            assert settings(f) == {"simple_password_check_minimal_length": "8"}
            assert "simple_password_check_minimal_length = 8, expected ≥ 14" in f.message.en
            with srv.globals(simple_password_check_minimal_length=14):
                f = run(s, CODE)
                assert f.outcome is Outcome.OK, f.message.en
                assert "(simple_password_check)" in f.message.en
                with srv.globals(strict_password_validation="OFF"):
                    f = run(s, CODE)
                    assert f.outcome is Outcome.WARNING and settings(f) == {"strict_password_validation": "OFF"}
            assert run(s, CODE, {"min_length": {"value": 8}}).outcome is Outcome.OK  # a site at the 等保 floor
        assert run(s, CODE).outcome is Outcome.CRITICAL


def test_character_classes_at_zero_make_the_policy_length_only(srv):
    """simple_password_check_digits / _other_characters at 0 (review should-fix 14: selected, never
    judged): a 14-letter password without digit or symbol is then accepted, and the check says so."""
    with srv.session(CODE) as s, plugin(srv, "simple_password_check"), \
            srv.globals(simple_password_check_minimal_length=14):
        assert not accepts(srv, "Abcdefghijklmn")  # no digit, no other character
        assert run(s, CODE).outcome is Outcome.OK
        with srv.globals(simple_password_check_digits=0, simple_password_check_other_characters=0):
            assert accepts(srv, "Abcdefghijklmn")
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING, f.message.en
            assert settings(f) == {"simple_password_check_digits": "0", "simple_password_check_other_characters": "0"}
            assert "expected ≥ 1; 2 setting(s) off" in f.message.en
