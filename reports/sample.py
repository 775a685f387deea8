"""Synthetic but realistic results, for tests, the benchmark and trying the renderers.

Deterministic: the same arguments give the same result (ids and times included).

The sample's check codes are numbered 901–999 (RUN901, SEC901 …): the registry refuses a real
check numbered 900 or above (checks/registry.py ``SAMPLE_CODE_FLOOR``), so a report test can never
be confused with a real check's finding.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib

from dbpatrol.results import (
    EffectiveThreshold,
    Finding,
    InspectionResult,
    InstanceResult,
    ObjectFinding,
    Outcome,
    Remediation,
    Text,
)

UTC = dt.timezone.utc

# (code, name, category, title en, title zh, threshold name, unit, warn, crit)
CHECKS = [
    ("RUN901", "connection_saturation", "running", "Connections near max_connections", "连接数接近 max_connections 上限", "used_pct", "%", 80, 90),
    ("RUN902", "long_running_transactions", "running", "Long-running transactions", "长事务", "age_s", "s", 300, 1800),
    ("RUN903", "idle_in_transaction", "running", "Sessions idle in transaction", "事务空闲会话", "idle_s", "s", 60, 600),
    ("RUN904", "blocked_sessions", "running", "Sessions blocked by locks", "被锁阻塞的会话", "blocked", "", 1, 5),
    ("RUN905", "replication_lag", "running", "Replication lag", "复制延迟", "lag_s", "s", 30, 300),
    ("BAK901", "no_recent_backup", "backup", "No successful backup within the window", "窗口内没有成功的备份", "age_h", "h", 26, 50),
    ("BAK902", "archiving_failing", "backup", "WAL/binlog archiving failing", "归档失败", "failed", "", 1, 10),
    ("ERR901", "fatal_errors_in_log", "errors", "FATAL/PANIC errors in the log", "日志中出现 FATAL/PANIC 错误", "count", "", 1, 10),
    ("ERR902", "deadlocks", "errors", "Deadlocks", "死锁", "deadlocks", "", 1, 20),
    ("OBJ901", "tablespace_full", "objects", "Tablespace or disk nearly full", "表空间或磁盘接近满", "used_pct", "%", 85, 95),
    ("OBJ902", "table_bloat", "objects", "Table bloat", "表膨胀", "bloat_pct", "%", 30, 60),
    ("SEC901", "superuser_accounts", "security", "Unexpected superuser accounts", "存在多余的超级用户", "count", "", 1, 3),
    ("SEC902", "empty_passwords", "security", "Accounts without a password", "存在空密码账户", "count", "", 1, 1),
    ("CFG901", "fsync_off", "config", "Durability settings off", "持久化参数被关闭", "off", "", 1, 1),
    ("PRF901", "cache_hit_ratio_low", "performance", "Buffer cache hit ratio low", "缓存命中率低", "hit_pct", "%", 95, 90),
]

# What each sample check evaluates (dbpatrol.results BASES); the rest report the current state.
BASIS = {"BAK901": "window", "BAK902": "window", "ERR901": "window", "ERR902": "cumulative", "PRF901": "cumulative"}
COUNTERS_SINCE = dt.datetime(2025, 2, 20, 8, 0, 0, tzinfo=UTC)  # "since stats reset" of the cumulative ones
# Checks whose rows name one object each (the evidence column "object"): history, acks and the
# score work per object for these.
PER_OBJECT = {"RUN903", "RUN904", "OBJ901", "OBJ902", "SEC901", "SEC902"}
# Checks that, when SKIPPED, are not applicable (a primary has no replication lag) rather than
# lacking a privilege.
NOT_APPLICABLE = {"RUN905"}


def _finding(code, name, cat, ten, tzh, thr, unit, warn, crit, outcome: Outcome, rng: random.Random,
             rows: int = 3, source: str = "default", override: tuple | None = None) -> Finding:
    direction = "below" if thr == "hit_pct" else "above"
    w, c = (override if override else (warn, crit))
    skip_reason = None
    if outcome == Outcome.SKIPPED and code in NOT_APPLICABLE:
        msg = Text(en="not applicable: this server is a primary, not a standby (replica)",
                   zh="不适用：此服务器是主库，不是备库（从库）")
        evidence, columns, skip_reason = [], [], "not_applicable"
    elif outcome == Outcome.SKIPPED:
        msg = Text(en="missing privilege: pg_read_all_settings is needed", zh="缺少权限：需要 pg_read_all_settings")
        evidence, columns, skip_reason = [], [], "privilege"
    elif outcome == Outcome.ERROR:
        msg = Text(en="canceling statement due to statement timeout", zh="语句超时被取消：canceling statement due to statement timeout")
        evidence, columns = [], []
    else:
        value = {Outcome.OK: warn * 0.5, Outcome.WARNING: (warn + crit) / 2, Outcome.CRITICAL: crit * 1.2}[outcome]
        if direction == "below":
            value = {Outcome.OK: 99.5, Outcome.WARNING: 92.5, Outcome.CRITICAL: 80.1}[outcome]
        columns = ["object", thr, "detail"]
        evidence = [{"object": f"app.obj_{n}", thr: round(value - n * 0.1, 2), "detail": f"row {n} 说明"}
                    for n in range(rows if outcome != Outcome.OK else 1)]
        if outcome == Outcome.OK:
            msg = Text(en=f"{ten}: none found ({thr} = {value:g}{unit})", zh=f"{tzh}：未发现（{thr} = {value:g}{unit}）")
        else:
            msg = Text(en=f"{ten}: {thr} = {value:g}{unit}, threshold {w}{unit}",
                       zh=f"{tzh}：{thr} = {value:g}{unit}，阈值 {w}{unit}")
    basis = BASIS.get(code, "current")
    per_object = code in PER_OBJECT
    objects = [ObjectFinding(key=r["object"], outcome=outcome) for r in evidence
               if per_object and outcome in (Outcome.WARNING, Outcome.CRITICAL)]
    return Finding(
        code=code, name=name, title=Text(en=ten, zh=tzh), category=cat, tier="daily", outcome=outcome,
        message=msg, evidence=evidence, columns=columns, evidence_total=len(evidence),
        basis=basis, since=COUNTERS_SINCE if basis == "cumulative" and evidence else None, skip_reason=skip_reason,
        object_columns=["object"] if per_object else [], objects=objects,
        thresholds=[EffectiveThreshold(name=thr, unit=unit, direction=direction, warning=w, critical=c,
                                       default_warning=warn, default_critical=crit, source=source,
                                       rationale="synthetic rationale (check_postgres / PMM)")],
        remediation=Remediation(text=Text(en=f"Investigate {ten.lower()} and fix the cause.",
                                          zh=f"排查{tzh}并修复根因。"),
                                commands=[f"SELECT * FROM pg_stat_activity; -- {code}"],
                                references=["https://www.postgresql.org/docs/current/monitoring-stats.html"]),
        privilege="pg_monitor", duration_ms=round(rng.uniform(1, 40), 1),
    )


def instance(name: str, outcomes: dict[str, Outcome] | None = None, *, engine: str = "postgresql",
             reachable: bool = True, cause: str | None = None, seed: int = 0, rows: int = 3,
             overrides: dict[str, tuple] | None = None) -> InstanceResult:
    """An instance with one finding per check in CHECKS; ``outcomes`` maps code → outcome (default OK)."""
    rng = random.Random(f"{name}-{seed}")
    outcomes = outcomes or {}
    overrides = overrides or {}
    start = dt.datetime(2025, 3, 3, 1, 0, 0, tzinfo=UTC)
    inst = InstanceResult(
        name=name, engine=engine, flavor=engine, business="core-banking", host=f"{name}-host",
        address="10.0.0.%d" % (1 + seed % 250), port=5432 if engine == "postgresql" else 3306, database="app",
        reachable=reachable, cause=cause, server_version=("16.4" if engine == "postgresql" else "10.11.6-MariaDB")
        if reachable else None, started_at=start, finished_at=start + dt.timedelta(seconds=2),
        connections_opened=1 if reachable else 0)
    if reachable:
        for spec in CHECKS:
            code = spec[0]
            ov = overrides.get(code)
            inst.findings.append(_finding(*spec, outcomes.get(code, Outcome.OK), rng, rows=rows,
                                          source="plan" if ov else "default", override=ov))
    return inst


DEFAULT_OUTCOMES = {
    "RUN901": Outcome.CRITICAL, "BAK901": Outcome.WARNING, "OBJ901": Outcome.WARNING,
    "SEC901": Outcome.CRITICAL, "CFG901": Outcome.SKIPPED, "ERR902": Outcome.ERROR,
    "PRF901": Outcome.WARNING, "RUN905": Outcome.SKIPPED}


def two_instance_result(id: str = "3f2a9c1e-0000-4000-8000-000000000001", *, plan: str | None = "core-weekly",
                        generated_at: dt.datetime | None = None, outcomes: dict[str, Outcome] | None = None) -> InspectionResult:
    """The standard test fixture: pg-main (findings of every outcome and basis, per-object ones, a
    not-applicable and a missing-privilege skip, one override looser than default, one evidence
    table cut short of its total) and my-replica (unreachable)."""
    generated_at = generated_at or dt.datetime(2025, 3, 3, 1, 2, 3, tzinfo=UTC)
    outcomes = outcomes if outcomes is not None else DEFAULT_OUTCOMES
    pg = instance("pg-main", outcomes, overrides={"OBJ901": (90, 98)})
    prf = next(f for f in pg.findings if f.code == "PRF901")
    if prf.outcome in (Outcome.WARNING, Outcome.CRITICAL):
        # the judge kept 25 of the 312 rows it found (evidence_total): the report says so
        prf.evidence = [{"object": f"app.obj_{n}", "hit_pct": round(92.5 - n * 0.1, 2), "detail": f"row {n} 说明"}
                        for n in range(25)]
        prf.evidence_total = 312
    my = instance("my-replica", engine="mariadb", reachable=False,
                  cause="connection refused: 127.0.0.1:3307 (after 5.0 s connect timeout)", seed=1)
    return InspectionResult(
        id=id, tier="weekly", window_start=generated_at - dt.timedelta(days=7), window_end=generated_at,
        generated_at=generated_at, plan=plan, business="core-banking", flow_run_id="run-0001",
        flow_run_name="weekly-core", duration_s=4.2, instances=[pg, my])


def fleet_result(n: int = 100, *, seed: int = 7, tier: str = "weekly", rows: int = 5) -> InspectionResult:
    """``n`` instances with a realistic spread of problems; ~3 % unreachable."""
    rng = random.Random(seed)
    codes = [c[0] for c in CHECKS]
    insts = []
    for k in range(n):
        if rng.random() < 0.03:
            insts.append(instance(f"db-{k:03d}", reachable=False, cause="timed out after 5.0 s", seed=k))
            continue
        outcomes = {}
        for code in codes:
            r = rng.random()
            outcomes[code] = (Outcome.CRITICAL if r < 0.04 else Outcome.WARNING if r < 0.14 else
                              Outcome.SKIPPED if r < 0.17 else Outcome.ERROR if r < 0.18 else Outcome.OK)
        insts.append(instance(f"db-{k:03d}", outcomes, engine=rng.choice(["postgresql", "mariadb"]), seed=k, rows=rows))
    gen = dt.datetime(2025, 3, 3, 1, 0, 0, tzinfo=UTC)
    return InspectionResult(id=f"fleet{n:04d}-{seed:04d}-4000-8000-000000000000", tier=tier,
                            window_start=gen - dt.timedelta(days=7), window_end=gen, generated_at=gen,
                            plan="fleet-weekly", business="fleet", instances=insts, duration_s=30.0)


def top_sql_finding(queries: list[str], *, means: list[float] | None = None, basis: str = "window",
                    at: dt.datetime = dt.datetime(2025, 3, 1, 8, 0, 0, tzinfo=UTC), days: float = 182,
                    code: str = "PRF001", usernames: list[str] | None = None) -> Finding:
    """A top-SQL finding as PRF001 makes it (the performance section's input, reports/performance.py):
    one evidence row per query, ranked in the order given, with a sampled series for the first."""
    means = means or [50.0 / (i + 1) for i in range(len(queries))]
    since = at - dt.timedelta(days=days)
    iso = lambda t: t.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"  # noqa: E731
    rows, total_all = [], 0.0
    for i, (q, m) in enumerate(zip(queries, means)):
        calls = 1000 * (i + 1)
        total_all += calls * m
    for i, (q, m) in enumerate(zip(queries, means)):
        calls = 1000 * (i + 1)
        qid = zlib.crc32(q.encode("utf-8"))  # one query, one id, whatever its rank
        rows.append({"statement": f"10:5:{qid}:t", "queryid": str(qid), "database": "core",
                     "username": (usernames or ["app"] * len(queries))[i], "query": q, "rank": i + 1, "calls": calls,
                     "total_time_ms": round(calls * m, 3), "mean_time_ms": m,
                     "time_pct": round(100 * calls * m / total_all, 1), "rows": calls, "shared_blks_hit": 10 * calls,
                     "shared_blks_read": calls, "temp_blks_written": 0, "temp_mb": 0.0, "wal_bytes": 0, "io_time_ms": 0.0,
                     "statements": len(queries), "total_time_all_ms": round(total_all, 3), "basis": basis,
                     "counters_since": iso(since), "counters_until": iso(at), "coverage_pct": 99.0 if basis == "window" else None,
                     "lower_bound": ""})
    pts = [(iso(since + dt.timedelta(days=d)), float(d * 100)) for d in range(0, int(days) + 1, max(int(days) // 10, 1))]
    return Finding(
        code=code, name="top_sql_dominant_or_slow", title=Text(en="Top SQL", zh="Top SQL"), category="performance",
        tier="semiannual", outcome=Outcome.WARNING, message=Text(en="top SQL", zh="Top SQL"), evidence=rows,
        evidence_total=len(rows), columns=list(rows[0]) if rows else [], basis=basis,
        coverage_pct=99.0 if basis == "window" else None,
        objects=[ObjectFinding(key=rows[0]["statement"], outcome=Outcome.WARNING)] if rows else [],
        series={rows[0]["statement"]: {"calls": pts}} if rows and basis == "window" else {},
        series_kinds={"calls": "counter"} if rows and basis == "window" else {},
        remediation=Remediation(text=Text(en="EXPLAIN it", zh="EXPLAIN"), commands=[], references=[]),
        privilege="pg_read_all_stats")
