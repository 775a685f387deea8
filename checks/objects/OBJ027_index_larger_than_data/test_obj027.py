"""OBJ027 live (MariaDB, the shared server; every schema at once, assertions name the planted one):
a table carrying more index than rows, beside one that does not, judged from the persistent
statistics after ANALYZE TABLE; under the default 100 MB floor neither is rated."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.live import run
from tests.objects_live import my_scratch, object_outcomes, record

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ027"
SMALL_FLOOR = {"min_table_mb": {"value": 1}}


@pytest.fixture(scope="module")
def maria(my_monitor_user):
    with my_scratch(CODE) as s:
        s.sql("CREATE TABLE lean (id int PRIMARY KEY, a varchar(100), b varchar(100), c varchar(100)) ENGINE=InnoDB",
              "CREATE TABLE indexed (id int PRIMARY KEY, a varchar(100), b varchar(100), c varchar(100), "
              "KEY ia (a), KEY ib (b), KEY ic (c), KEY iab (a, b), KEY ibc (b, c)) ENGINE=InnoDB")
        for t in ("lean", "indexed"):
            s.sql(f"INSERT INTO {t} SELECT seq, MD5(seq), MD5(seq + 1), MD5(seq + 2) FROM seq_1_to_20000")
        s.sql("ANALYZE TABLE lean, indexed")
        yield s


def mine(f, schema):
    return {r["table_name"]: r for r in f.evidence if r["schema_name"] == schema}


def test_indexes_larger_than_data(maria, my_session):
    f = run(my_session, CODE, SMALL_FLOOR)
    rows = mine(f, maria.name)
    assert set(rows) == {"indexed"}, f.evidence  # lean: no secondary index
    row = rows["indexed"]
    assert row["index_bytes"] > row["data_bytes"] >= 2 * 2**20 and row["index_ratio"] > 1.5 and row["est_rows"] > 15000
    assert object_outcomes(f)[f"{maria.name}.indexed"] == "WARNING" and f.outcome is Outcome.WARNING
    assert f"{maria.name}.indexed: " in f.message.en and "索引" in f.message.zh
    record(CODE, my_session, "larger", "WARNING", "indexes larger than their data", thresholds=SMALL_FLOOR,
           keep=lambda r: r["schema_name"] == maria.name)

    default = run(my_session, CODE)  # a few MB: under the 100 MB floor
    assert f"{maria.name}.indexed" not in object_outcomes(default)
    maria.sql("ALTER TABLE indexed DROP INDEX ia, DROP INDEX ib, DROP INDEX ic, DROP INDEX iab", "ANALYZE TABLE indexed")
    healed = run(my_session, CODE, SMALL_FLOOR)
    assert f"{maria.name}.indexed" not in object_outcomes(healed)
    record(CODE, my_session, "healthy", "OK", "has indexes larger than its data", thresholds=SMALL_FLOOR,
           keep=lambda r: r["schema_name"] == maria.name)


def test_a_ratio_of_exactly_one_is_not_over_indexed():
    """Nit 31: PMM mysql_indexes_larger fires only *above* 1; the warning level (reached at ≥) is 1.01."""
    from checks.execute import judge_rows
    from checks.judges import JudgeContext
    from tests.live import REG

    spec = REG.get(CODE).spec
    row = {"schema_name": "s", "table_name": "t", "data_bytes": 200 * 2**20, "index_bytes": 200 * 2**20,
           "index_ratio": 1.0, "est_rows": 1, "stats_updated": None, "total": 1}
    th = REG.effective_thresholds(CODE, [])
    ctx = JudgeContext(engine="mariadb", object_key=spec.object_key)
    assert judge_rows(spec, "mariadb", [row], th, ctx).outcome is Outcome.OK
    assert judge_rows(spec, "mariadb", [{**row, "index_ratio": 1.02}], th, ctx).outcome is Outcome.WARNING
