"""Writes the Oracle performance checks' fixtures (PRF060–PRF069) from the rows in fixture_rows.py.

No Oracle server runs here: the rows are written by hand from the Oracle Database Reference 19c
column definitions (and, for PERFSTAT, Oracle's spctab.sql), not recorded. Re-run after changing an
SQL file (its sha256 goes in the fixture): ``uv run python -m checks.performance._oracle.write_fixtures``.
"""

from __future__ import annotations

import hashlib

import yaml

from checks import registry
from checks.performance._oracle.fixture_rows import FIXTURES

NOTE = ("rows written from the Oracle Database Reference 19c column definitions of the views this SQL reads "
        "(checks/adapters/oracle_dictionary.yaml; PERFSTAT tables from Oracle's spctab.sql), not recorded from a "
        "server: no Oracle server runs here")
FACTS = {
    "oracle+awr.sql": {"diagnostics_pack": True, "pack_access": "DIAGNOSTIC+TUNING", "statspack": False},
    "oracle+statspack.sql": {"diagnostics_pack": False, "pack_access": "NONE", "statspack": True},
    "oracle.sql": {"diagnostics_pack": False, "pack_access": "NONE", "statspack": False},
}


def main() -> None:
    reg = registry.load()
    for (code, scenario), fx in FIXTURES.items():
        check = reg.get(code)
        sql = fx["sql"]
        facts = {"role": "primary", "container_kind": "non-cdb", **FACTS[sql], **fx.get("facts", {})}
        doc = {"engine": "oracle", "server_version": "19.22.0.0.0", "facts": facts, "sql": sql,
               "sql_sha256": hashlib.sha256((check.folder / sql).read_bytes()).hexdigest(),
               "rows": fx["rows"], "expect": fx["expect"], "note": NOTE}
        if fx.get("thresholds"):
            doc["thresholds"] = fx["thresholds"]
        out = check.folder / "fixtures" / f"oracle-{scenario}.yaml"
        out.parent.mkdir(exist_ok=True)
        out.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")


if __name__ == "__main__":
    main()
