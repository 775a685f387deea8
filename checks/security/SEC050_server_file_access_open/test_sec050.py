"""SEC050: on the shared private lab secure_file_priv is unset, and the server really writes a file to
/tmp (SELECT … INTO OUTFILE); local_infile is ON by default there and switched off. The strict lab
(tests/mysql_security.py) has secure_file_priv confined to a directory and local_infile off: the same
export to /tmp is refused (error 1290) and the check is OK."""

from __future__ import annotations

import os
import secrets

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
from tests.live import run
from tests.mysql_security import lab

pytestmark = pytest.mark.timeout(60)

CODE = "SEC050"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def settings(f) -> dict[str, str]:
    return {r["name"]: r["setting"] for r in f.evidence}


def test_unrestricted_on_the_lab(srv):
    target = f"/tmp/dbp050_{secrets.token_hex(4)}.txt"
    try:
        srv.sql(f"SELECT 'planted' INTO OUTFILE '{target}'")  # secure_file_priv unset: any path
        assert open(target).read().strip() == "planted"
    finally:
        if os.path.exists(target):
            os.remove(target)
    with srv.session(CODE) as s:
        with srv.globals(local_infile="ON"):
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING, f.message.en
            assert settings(f) == {"local_infile": "ON", "secure_file_priv": "unrestricted"}
            assert {o.key for o in f.objects} == {"local_infile", "secure_file_priv"}
        with srv.globals(local_infile="OFF"):
            f = run(s, CODE)
            assert settings(f) == {"secure_file_priv": "unrestricted"}
            assert f.message.en.startswith("secure_file_priv is unrestricted: accounts with FILE")


def test_confined_on_the_strict_lab(request):
    strict = lab(request, strict=True)  # secure_file_priv on a directory, local_infile 0
    with pytest.raises(sa.exc.DBAPIError, match="1290"):
        strict.sql(f"SELECT 'planted' INTO OUTFILE '/tmp/dbp050_{secrets.token_hex(4)}.txt'")
    with strict.session(CODE) as s:
        f = run(s, CODE)
    assert f.outcome is Outcome.OK and "local_infile OFF" in f.message.en, f.message.en
    assert {r["name"]: r["path"] for r in f.evidence}["secure_file_priv"] == str(strict.folder / "files") + "/"
