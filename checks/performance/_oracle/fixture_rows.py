"""Hand-written rows for the Oracle performance fixtures (see write_fixtures.py): values chosen to be
what the 19c views hold (DB time in microseconds turned into seconds by the SQL, READTIM in
centiseconds …), one healthy and one failing case per source path, plus the edge cases."""

from __future__ import annotations

AWR, SP, FREE = "oracle+awr.sql", "oracle+statspack.sql", "oracle.sql"


def basis(source: str, pairs=24, restarts=0, frm="2026-11-26 08:00:00", to="2026-11-27 07:59:58"):
    if source == "V$":
        return {"source": "V$", "pairs": None, "restarts": 0, "basis_from": "2026-11-17 02:11:40",
                "basis_to": "2026-11-27 07:59:59"}
    return {"source": source, "pairs": pairs, "restarts": restarts, "basis_from": frm, "basis_to": to}


def src(sql: str) -> str:
    return {AWR: "AWR", SP: "Statspack", FREE: "V$"}[sql]


def since(sql: str):
    return "2026-11-17 02:11:40" if sql == FREE else None


FIXTURES: dict[tuple[str, str], dict] = {}


def add(code: str, scenario: str, sql: str, rows: list[dict], outcome: str, contains: str | None = None, **extra):
    expect = {"outcome": outcome}
    if contains:
        expect["message_contains"] = contains
    FIXTURES[(code, scenario)] = {"sql": sql, "rows": rows, "expect": expect, **extra}


# ---- PRF060 load profile ---------------------------------------------------------------------------
def _load(sql, inst, elapsed, db_time, db_cpu, cpus, redo_mb_s, lr, pr, **b):
    aas = round(db_time / elapsed, 2)
    return {**basis(src(sql), **b), "counters_since": since(sql), "instance_number": inst, "elapsed_s": elapsed,
            "db_time_s": db_time, "db_cpu_s": db_cpu, "cpu_count": cpus, "aas": aas,
            "load_per_cpu": round(aas / cpus, 2), "redo_mb_s": redo_mb_s, "logical_reads_s": lr, "physical_reads_s": pr}


for _sql, _tag in ((AWR, "awr"), (SP, "statspack"), (FREE, "vdollar")):
    _el = 870000 if _sql == FREE else 86398
    add("PRF060", f"{_tag}-healthy", _sql, [_load(_sql, "1", _el, round(_el * 3.1), round(_el * 2.2), 16, 0.42, 48211, 812)],
        "OK", f"source: {src(_sql)}" if _sql != FREE else "cumulative since instance startup")
    add("PRF060", f"{_tag}-cpu-bound", _sql, [_load(_sql, "1", _el, round(_el * 21.6), round(_el * 15.1), 16, 1.9, 402118, 9120)],
        "WARNING", "averaged 21.6 active sessions on 16 CPUs")
add("PRF060", "awr-no-snapshots", AWR, [{**basis("AWR", pairs=0, frm=None, to=None), "counters_since": None,
                                         **{c: None for c in ("instance_number", "elapsed_s", "db_time_s", "db_cpu_s", "aas",
                                                              "load_per_cpu", "redo_mb_s", "logical_reads_s", "physical_reads_s")},
                                         "cpu_count": 16}], "SKIPPED", "holds no pair of snapshots inside the window")
add("PRF060", "awr-restart-rac", AWR, [_load(AWR, "2", 80398, 80398 * 36, 80398 * 20, 16, 2.4, 512000, 20000, restarts=1, pairs=22),
                                       _load(AWR, "1", 86398, 86398 * 4, 86398 * 3, 16, 0.5, 40000, 700, restarts=1, pairs=22)],
    "CRITICAL", "1 instance restart(s) split it")
