"""The MySQL/MariaDB counter checks (PRF030-PRF038) advise sizes the DBA works out, never a literal one.

A command such as ``SET GLOBAL innodb_buffer_pool_size = 8589934592`` is run as printed by someone in a
hurry: on a host with less free memory it pushes the server into swap or the OOM killer. Each sizing
command names a placeholder (``<bytes>``, ``<n>``, as CFG031 does) and the remediation gives the arithmetic."""

from __future__ import annotations

import re

import pytest

from tests.live import REG

CODES = ("PRF030", "PRF031", "PRF032", "PRF033", "PRF034", "PRF035", "PRF036", "PRF038")
SIZING = re.compile(r"SET\s+(?:PERSIST|GLOBAL|SESSION)\s+\w*(?:size|cache|ram|buffer\w*)\s*=\s*\d", re.I)


@pytest.mark.parametrize("code", CODES)
def test_sizing_commands_name_a_placeholder_not_a_number(code):
    rem = REG.get(code).spec.remediation
    for engine, commands in rem.commands.items():
        for command in commands:
            assert not SIZING.search(command), (code, engine, command)


def test_tmp_table_advice_is_the_engine_s_own():
    """MySQL 8's internal temporary tables are TempTable's: max_heap_table_size does not cap them,
    temptable_max_ram caps them all together (MariaDB: the smaller of tmp_table_size and max_heap_table_size)."""
    spec = REG.get("PRF030").spec
    assert "temptable_max_ram" in spec.remediation.text.en and "temptable_max_ram" in spec.remediation.text.zh
    rationale = next(t.rationale for t in spec.thresholds if t.name == "tmp_disk_pct")
    # PMM's advisor warns from 1 % and errors from 5 %: named as what it is, not as support for 25 %
    assert "1 %" in rationale and "5 %" in rationale, rationale
