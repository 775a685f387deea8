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


# ---- PRF061 top waits ------------------------------------------------------------------------------
def _wait(sql, event, cls, waits, time_s, db_time, **b):
    return {**basis(src(sql), **b), "counters_since": since(sql), "event": event, "wait_class": cls, "waits": waits,
            "time_s": time_s, "avg_ms": round(time_s * 1000 / waits, 2), "pct_db_time": round(100 * time_s / db_time, 1),
            "db_time_s": db_time}


for _sql, _tag in ((AWR, "awr"), (SP, "statspack"), (FREE, "vdollar")):
    _db = 267834
    add("PRF061", f"{_tag}-healthy", _sql, [_wait(_sql, "db file sequential read", "User I/O", 48211000, 38000, _db),
                                            _wait(_sql, "log file sync", "Commit", 9120000, 21000, _db)],
        "OK", "'db file sequential read' (User I/O), took 14.2 %")
    add("PRF061", f"{_tag}-row-locks", _sql, [_wait(_sql, "enq: TX - row lock contention", "Application", 41250, 171000, _db),
                                              _wait(_sql, "db file sequential read", "User I/O", 48211000, 38000, _db)],
        "CRITICAL", "'enq: TX - row lock contention' (Application) took 63.8 %")
add("PRF061", "awr-idle", AWR, [_wait(AWR, "log file sync", "Commit", 9120, 900, 1200)], "OK", "Load too light")
add("PRF061", "statspack-no-snapshots", SP, [{**basis("Statspack", pairs=0, frm=None, to=None), "counters_since": None,
                                              "event": None, "wait_class": None, "waits": None, "time_s": None,
                                              "avg_ms": None, "pct_db_time": None, "db_time_s": None}],
    "SKIPPED", "Statspack holds no pair of snapshots")


# ---- PRF062 top SQL --------------------------------------------------------------------------------
def _sql(sql, sql_id, elapsed, cpu, gets, execs, db_time, top_by, text, **b):
    return {**basis(src(sql), **b), "counters_since": since(sql), "con_id": None if sql == SP else "0", "sql_id": sql_id, "elapsed_s": elapsed, "cpu_s": cpu,
            "buffer_gets": gets, "executions": execs, "ms_per_exec": round(elapsed * 1000 / execs, 2),
            "pct_db_time": round(100 * elapsed / db_time, 1), "db_time_s": db_time, "top_by": top_by, "sql_text": text}


for _sql_file, _tag in ((AWR, "awr"), (SP, "statspack"), (FREE, "vdollar")):
    _db = 267834
    add("PRF062", f"{_tag}-healthy", _sql_file,
        [_sql(_sql_file, "7h35uxf5uhmm1", 41000, 30100, 912000000, 1820000, _db, "elapsed cpu gets",
              "SELECT o.order_id, o.status FROM orders o WHERE o.customer_id = :1"),
         _sql(_sql_file, "0w2qpuc6u2zsp", 9000, 8800, 12000000, 48000000, _db, "executions",
              "SELECT seq_order.NEXTVAL FROM dual")], "OK", "the top one, 7h35uxf5uhmm1")
    add("PRF062", f"{_tag}-one-statement", _sql_file,
        [_sql(_sql_file, "9babjv8yq8ru3", 150000, 121000, 39100000000, 4120, _db, "elapsed cpu gets",
              "SELECT * FROM ledger l WHERE TO_CHAR(l.posted, 'YYYYMM') = :b1 <script>x</script>"),
         _sql(_sql_file, "7h35uxf5uhmm1", 41000, 30100, 912000000, 1820000, _db, "elapsed",
              "SELECT o.order_id, o.status FROM orders o WHERE o.customer_id = :1")],
        "CRITICAL", "Statement 9babjv8yq8ru3 took 56 % of DB time")
add("PRF062", "awr-no-snapshots", AWR, [{**basis("AWR", pairs=0, frm=None, to=None), "counters_since": None,
                                         **{c: None for c in ("con_id", "sql_id", "elapsed_s", "cpu_s", "buffer_gets", "executions",
                                                              "ms_per_exec", "pct_db_time", "db_time_s", "top_by", "sql_text")}}],
    "SKIPPED", "AWR holds no pair of snapshots")


# ---- PRF064 ADDM findings (AWR only) ----------------------------------------------------------------
def _addm(name, analyses, mx, avg, sess, msg, pairs=24):
    return {**basis("AWR", pairs=pairs), "finding_name": name, "analyses": analyses, "max_impact_pct": mx,
            "avg_impact_pct": avg, "max_active_sessions": sess, "message": msg}


_ADDM = {"diagnostics_pack": True, "pack_access": "DIAGNOSTIC+TUNING"}
add("PRF064", "healthy", FREE, [_addm("Commits and Rollbacks", 3, 6.2, 4.1, 0.4,
                                      "Waits on event \"log file sync\" while performing COMMIT and ROLLBACK operations "
                                      "were consuming significant database time.")], "OK", "24 analyses", facts=_ADDM)
add("PRF064", "top-sql", FREE, [_addm("Top SQL Statements", 19, 48.7, 31.0, 7.9,
                                      "SQL statements consuming significant database time were found. These statements "
                                      "offer a good opportunity for performance improvement."),
                                _addm("Commits and Rollbacks", 3, 6.2, 4.1, 0.4, "log file sync")],
    "CRITICAL", "ADDM found 'Top SQL Statements' in 19 of 24 analyses", facts=_ADDM)
add("PRF064", "no-analyses", FREE, [{**basis("AWR", pairs=0, frm=None, to=None), "finding_name": None, "analyses": None,
                                     "max_impact_pct": None, "avg_impact_pct": None, "max_active_sessions": None,
                                     "message": None}], "SKIPPED", "AWR holds no pair", facts=_ADDM)


# ---- PRF065 ASH top activity (AWR only) -------------------------------------------------------------
def _ash(sql_id, act, cls, samples, total):
    return {**basis("AWR", pairs=24), "sql_id": sql_id, "activity": act, "wait_class": cls, "active_s": samples * 10,
            "pct_activity": round(100 * samples / total, 1), "db_time_s": total * 10}


add("PRF065", "healthy", FREE, [_ash("7h35uxf5uhmm1", "ON CPU", "CPU", 4100, 26783),
                                _ash("(no SQL)", "log file sync", "Commit", 2100, 26783)], "OK", "7h35uxf5uhmm1 on ON CPU",
    facts=_ADDM)
add("PRF065", "one-sql", FREE, [_ash("9babjv8yq8ru3", "db file scattered read", "User I/O", 11200, 26783),
                                _ash("7h35uxf5uhmm1", "ON CPU", "CPU", 4100, 26783)], "WARNING",
    "SQL 9babjv8yq8ru3 on 'db file scattered read' (User I/O) held 41.8 %", facts=_ADDM)


# ---- PRF068 hot segments (licence-free AWR views) --------------------------------------------------
def _seg(owner, name, sub, typ, lr, pr, rlw, bbw, total, **b):
    return {**basis("AWR", **b), "counters_since": None, "con_id": "0", "owner": owner, "object_name": name, "subobject_name": sub,
            "object_type": typ, "logical_reads": lr, "physical_reads": pr, "row_lock_waits": rlw, "buffer_busy_waits": bbw,
            "pct_logical_reads": round(100 * lr / total, 1), "total_logical_reads": total}


add("PRF068", "healthy", FREE, [_seg("APP", "ORDERS", None, "TABLE", 912000000, 812000, 12, 40, 4120000000),
                                _seg("APP", "ORDERS_PK", None, "INDEX", 610000000, 2100, 0, 3, 4120000000)], "OK",
    "APP.ORDERS (TABLE), did 22.1 %", facts={"diagnostics_pack": False, "pack_access": "NONE"})
add("PRF068", "row-locks", FREE, [_seg("APP", "ACCOUNTS", None, "TABLE", 912000000, 812000, 18200, 40, 4120000000),
                                  _seg("APP", "ORDERS", "P202611", "TABLE PARTITION", 610000000, 2100, 0, 3, 4120000000)],
    "CRITICAL", "Segment APP.ACCOUNTS", facts={"diagnostics_pack": False, "pack_access": "NONE"})
add("PRF068", "no-snapshots", FREE, [{**basis("AWR", pairs=0, frm=None, to=None), "counters_since": None,
                                      **{c: None for c in ("con_id", "owner", "object_name", "subobject_name", "object_type",
                                                           "logical_reads", "physical_reads", "row_lock_waits",
                                                           "buffer_busy_waits", "pct_logical_reads", "total_logical_reads")}}],
    "SKIPPED", "AWR holds no pair")


# ---- PRF069 Health Monitor ----------------------------------------------------------------------------
def _hm(runs, fid=None, name=None, prio=None, typ=None, msg=None):
    return {"runs": runs, "last_run": "2026-11-20 03:12:09" if runs else None,
            "last_check": "Dictionary Integrity Check" if runs else None, "finding_id": fid, "finding": name,
            "priority": prio, "finding_type": typ, "class_name": "PERSISTENT_DATA" if fid else None,
            "check_name": "Dictionary Integrity Check" if fid else None, "run_mode": "MANUAL" if fid else None,
            "detected": "2026-11-20 03:12:40" if fid else None, "message": msg}


add("PRF069", "healthy", FREE, [_hm(3)], "OK", "3 run(s) recorded")
add("PRF069", "dictionary-corruption", FREE,
    [_hm(3, "1012", "Dictionary Inconsistency", "CRITICAL", "FAILURE",
         "SQL dictionary health check: invalid column number 8 on object TAB$ failed"),
     _hm(3, "1015", "Dictionary Inconsistency", "HIGH", "FAILURE", "Damaged rowid is AAAAACAABAAAS1fAAH")],
    "CRITICAL", "finding 1012 'Dictionary Inconsistency' (CRITICAL, FAILURE)")
add("PRF069", "never-run", FREE, [_hm(0)], "SKIPPED", "no Health Monitor run is recorded")


# ---- PRF063 plan changes -----------------------------------------------------------------------------
def _plan(sql, sql_id, plans, slow, slow_ms, slow_ex, fast, fast_ms, fast_ex):
    return {**basis(src(sql)), "counters_since": since(sql), "con_id": "0", "sql_id": sql_id, "plans": plans, "slow_plan": slow,
            "slow_ms": slow_ms, "slow_execs": slow_ex, "fast_plan": fast, "fast_ms": fast_ms, "fast_execs": fast_ex,
            "min_execs": min(slow_ex, fast_ex), "regression": round(slow_ms / fast_ms, 1),
            "elapsed_s": round((slow_ms * slow_ex + fast_ms * fast_ex) / 1000)}


for _f, _tag in ((AWR, "awr"), (FREE, "vdollar")):
    add("PRF063", f"{_tag}-healthy", _f, [_plan(_f, "7h35uxf5uhmm1", 2, "3387281941", 2.9, 912000, "1209851717", 2.1, 908000),
                                          _plan(_f, "4ztz048yfq32s", 2, "2781936154", 880.0, 1, "99871125", 12.0, 400)],
        "OK", "none 2× slower")
    add("PRF063", f"{_tag}-regressed", _f, [_plan(_f, "9babjv8yq8ru3", 2, "1841101935", 36407.8, 4120, "3528212817", 41.2, 96000)],
        "CRITICAL", "plan 1841101935 took 36,407.8 ms per execution")


# ---- PRF066 hit ratios ------------------------------------------------------------------------------
def _ratio(sql, inst, bh, worst, lh, sp):
    b = basis(src(sql))
    if sql == FREE:
        b.update(basis_from="2026-11-27 07:58:41", basis_to="2026-11-27 07:59:41")
    return {**b, "basis_kind": "window" if sql == AWR else "current", "instance_number": inst, "buffer_hit_pct": bh,
            "worst_buffer_hit_pct": worst, "library_hit_pct": lh, "soft_parse_pct": sp}


for _f, _tag in ((AWR, "awr"), (FREE, "vdollar")):
    add("PRF066", f"{_tag}-healthy", _f, [_ratio(_f, "1", 99.12, 96.4, 99.8, 98.7)], "OK", "buffer cache 99.1 %")
    add("PRF066", f"{_tag}-hard-parsing", _f, [_ratio(_f, "1", 98.9, 95.0, 91.3, 62.4)], "CRITICAL", "soft parse 62.4 %")


# ---- PRF067 I/O latency -------------------------------------------------------------------------------
def _io(sql, fid, ts, name, reads, ms, writes, wms):
    return {**basis(src(sql)), "counters_since": since(sql), "file_id": fid, "tablespace_name": ts, "file_name": name,
            "single_block_reads": reads, "avg_read_ms": ms, "writes": writes, "avg_write_ms": wms}


for _f, _tag in ((AWR, "awr"), (SP, "statspack"), (FREE, "vdollar")):
    add("PRF067", f"{_tag}-healthy", _f, [_io(_f, "7", "USERS", "+DATA/ORCL/DATAFILE/users.267.1160000001", 48211000, 0.62, 912000, 1.1),
                                          _io(_f, "12", "ARCHIVE_TS", "/u02/oradata/ORCL/archive01.dbf", 120, 88.0, 0, None)],
        "OK", "slowest of those rated: +DATA/ORCL/DATAFILE/users.267.1160000001")
    add("PRF067", f"{_tag}-slow-lun", _f, [_io(_f, "9", "APP_DATA", "/u03/oradata/ORCL/app_data01.dbf", 9120000, 61.4, 40100, 12.0),
                                           _io(_f, "7", "USERS", "+DATA/ORCL/DATAFILE/users.267.1160000001", 48211000, 0.62, 912000, 1.1)],
        "CRITICAL", "averaged 61.4 ms per single-block read")
