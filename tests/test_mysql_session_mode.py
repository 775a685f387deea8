"""The MySQL/MariaDB session pins its sql_mode (review should-fix 25, mysql-weekly-review).

The checks' SQL escapes LIKE wildcards with a backslash (``REPLACE(name, '_', '\\_')`` to find a
partitioned table's statistics rows NAME#P#part). A server whose global sql_mode has
NO_BACKSLASH_ESCAPES reads that backslash literally: on a private mariadbd started so, a keyless
partitioned table named with an underscore came back from OBJ024 with no size (NULL, judged as 0,
under every size floor). The adapter now sets the session's sql_mode to a fixed one.
"""

from __future__ import annotations

import secrets

import pytest

from checks.adapters import ConnectTarget, open_session
from checks.adapters.mysql import SESSION_SQL_MODE
from checks.privileges import grant_set, grant_statements
from tests.live import REG, run

pytestmark = pytest.mark.timeout(120)

PASSWORD = "Mode-" + secrets.token_hex(6)


@pytest.fixture(scope="module")
def server(mariadb_servers):
    s = mariadb_servers({"sql-mode": "STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES,ANSI_QUOTES,PIPES_AS_CONCAT"})
    s.sql("CREATE DATABASE dbp_mode")
    s.sql("CREATE TABLE dbp_mode.ev_log (id int, at date) ENGINE=InnoDB PARTITION BY HASH (id) PARTITIONS 3")
    s.sql("INSERT INTO dbp_mode.ev_log SELECT seq, '2026-01-01' FROM seq_1_to_3000")
    s.sql("ANALYZE TABLE dbp_mode.ev_log")
    s.sql(f"CREATE USER 'mon_mode'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'")
    for stmt in grant_statements("mariadb", grant_set("mariadb", REG.get("OBJ024").spec.support("mariadb").privilege),
                                 user="mon_mode", host="127.0.0.1"):
        s.sql(stmt.rstrip(";"))
    return s


def test_the_session_ignores_the_global_sql_mode(server):
    assert "NO_BACKSLASH_ESCAPES" in server.sql("SELECT @@GLOBAL.sql_mode")[0][0]
    with open_session(ConnectTarget("mariadb", "127.0.0.1", server.port, None, "mon_mode", PASSWORD)) as s:
        assert s.fetch("SELECT @@SESSION.sql_mode AS m")[0]["m"] == SESSION_SQL_MODE
        assert s.fetch("SELECT 'ev_log#P#p0' LIKE CONCAT(REPLACE('ev_log', '_', '\\\\_'), '#P#%') AS hit")[0]["hit"] == 1
        f = run(s, "OBJ024")
    row = next(r for r in f.evidence if r["table_name"] == "ev_log")
    assert row["est_rows"] == 3000 and row["size_bytes"] >= 3 * 16384, row  # every partition's statistics found
