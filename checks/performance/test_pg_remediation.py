"""The PostgreSQL performance checks' remediation commands are safe to run as printed (review pg-perf M2).

``EXPLAIN (ANALYZE …)`` executes the statement: printed bare, an UPDATE from the top-SQL list is run for real
(on the primary: a replica refuses it), so the command is wrapped in BEGIN … ROLLBACK. A memory or WAL size
printed as a number (``shared_buffers = '8GB'``) is run as printed by someone in a hurry: on a smaller host the
server does not start after the restart, or pg_wal fills its filesystem; the command names a placeholder and
the text gives the arithmetic (as test_mycounters_remediation.py for MySQL)."""

from __future__ import annotations

import re

import pytest

from tests.live import REG

CODES = ("PRF001", "PRF002", "PRF003", "PRF010", "PRF011", "PRF012", "PRF013", "PRF014", "PRF015", "PRF016",
         "PRF017", "PRF018")
SIZING = re.compile(r"SET\s+(?:shared_buffers|max_wal_size|min_wal_size|work_mem|maintenance_work_mem|"
                    r"effective_cache_size|wal_buffers|temp_buffers)\s*(?:=|TO)\s*'?\d", re.I)


@pytest.mark.parametrize("code", CODES)
def test_commands_are_safe_as_printed(code):
    rem = REG.get(code).spec.remediation
    for commands in rem.commands.values():
        for command in commands:
            assert not SIZING.search(command), (code, command)
            if re.search(r"EXPLAIN\s*\(\s*ANALYZE", command, re.I):
                assert re.search(r"\bBEGIN\b.*EXPLAIN.*\bROLLBACK\b", command, re.I | re.S), (code, command)
