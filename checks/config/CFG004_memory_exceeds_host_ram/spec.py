from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

MB = 1024 ** 2


def _size(v: float) -> str:
    return f"{v / 1024 ** 3:.1f} GB" if v >= 1024 ** 3 else f"{v / MB:.0f} MB"


@uses("host_ram_mb", "shared_buffers_min_pct", "shared_buffers_max_pct", "committed_pct")
def judge(rows, th, ctx) -> Verdict:
    """postgres-checkup G001 against the RAM the bank declares for the host: shared_buffers within
    20-80 % of RAM, and the memory the settings can commit (shared_buffers + max_connections x 2 x
    work_mem + autovacuum_max_workers x autovacuum_work_mem, -1 meaning maintenance_work_mem) under 90 %.
    Without a declared RAM nothing here can be judged: SKIPPED, never an OK."""
    ram_mb = th["host_ram_mb"].value
    if not ram_mb:
        return Verdict(outcome=Outcome.SKIPPED, message="no_ram", params={}, evidence=[])
    ram = float(ram_mb) * MB
    s = {str(r["name"]): r for r in rows}
    b = lambda n: num((s.get(n) or {}).get("bytes"))  # noqa: E731
    n = lambda n: num((s.get(n) or {}).get("setting"))  # noqa: E731
    sb, wm, mwm, avwm = b("shared_buffers") or 0, b("work_mem") or 0, b("maintenance_work_mem") or 0, b("autovacuum_work_mem")
    conns, workers = n("max_connections") or 0, n("autovacuum_max_workers") or 0
    avwm = mwm if avwm is None or avwm < 0 else avwm
    committed = sb + conns * 2 * wm + workers * avwm
    sb_pct, committed_pct = round(100 * sb / ram, 1), round(100 * committed / ram, 1)
    params = {"ram": _size(ram), "shared_buffers": _size(sb), "shared_buffers_pct": sb_pct, "committed": _size(committed),
              "committed_pct": committed_pct, "formula": f"{_size(sb)} + {conns:g} x 2 x {_size(wm)} + {workers:g} x {_size(avwm)}",
              "min_pct": th["shared_buffers_min_pct"].value, "max_pct": th["shared_buffers_max_pct"].value}
    bad: list[tuple[dict, Outcome, str]] = []
    lo, hi = th["shared_buffers_min_pct"].value, th["shared_buffers_max_pct"].value
    if lo is not None and sb_pct < lo:
        bad.append((s.get("shared_buffers", {"name": "shared_buffers"}), Outcome.WARNING, "buffers_low"))
    if hi is not None and sb_pct > hi:
        bad.append((s.get("shared_buffers", {"name": "shared_buffers"}), Outcome.WARNING, "buffers_high"))
    oc = th["committed_pct"].classify(committed_pct)
    if oc is not Outcome.OK:
        bad.append(({"name": "committed memory", "setting": str(int(committed)), "unit": "B", "shown": _size(committed),
                     "bytes": committed, "at_default": None}, oc, "committed"))
    evidence = [{**r, "ram_pct": sb_pct if r.get("name") == "shared_buffers" else committed_pct} for r, _, _ in bad]
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    bad.sort(key=lambda x: -x[1].rank)
    return Verdict(outcome=bad[0][1], message=bad[0][2], params={**params, "count": len(bad)}, evidence=evidence,
                   total=len(bad), objects={r["name"]: o for r, o, _ in bad})


SPEC = CheckSpec(
    code="CFG004",
    name="memory_exceeds_host_ram",
    title=T("Memory settings against the host's RAM (shared_buffers share, committed memory)",
            "内存参数与主机内存对比（shared_buffers 占比、可承诺内存）"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("name", "setting", "unit", "shown", "bytes", "at_default"),
    object_key=("name",),
    thresholds=(
        Threshold(name="host_ram_mb", unit="MB", kind="guard", value=None,
                  rationale="the host's RAM, which no SQL view shows: declare it per instance in the inventory "
                            "(thresholds: {CFG004: {host_ram_mb: {value: 65536}}}); unset, the check is not applicable"),
        Threshold(name="shared_buffers_min_pct", unit="% of RAM", kind="guard", value=20,
                  rationale="postgres-checkup G001 MIN_PERCENT 20: below it 'Postgres performance is now sub-optimal'"),
        Threshold(name="shared_buffers_max_pct", unit="% of RAM", kind="guard", value=80,
                  rationale="postgres-checkup G001 MAX_PERCENT 80: above it memory might not be enough (OOM killer)"),
        Threshold(name="committed_pct", unit="% of RAM", warning=90, critical=100,
                  rationale="postgres-checkup G001 OOM_PERCENT 90 (shared_buffers + max_connections x 2 x work_mem + "
                            "autovacuum_work_mem x autovacuum_max_workers); at 100 % the settings promise more than the "
                            "host has"),
    ),
    judge=judge,
    messages={
        "ok": T("Against {ram} of RAM: shared_buffers {shared_buffers} is {shared_buffers_pct} % (within "
                "{min_pct}-{max_pct} %) and the settings can commit {committed} ({committed_pct} %)",
                "以 {ram} 内存计：shared_buffers {shared_buffers} 占 {shared_buffers_pct}%（在 {min_pct}%-{max_pct}% 之间），"
                "参数可承诺的内存为 {committed}（{committed_pct}%）"),
        "no_ram": T("not applicable: the host's RAM is unknown to the database; declare it for the instance "
                    "(CFG004.host_ram_mb in the inventory's thresholds) to judge shared_buffers and committed memory "
                    "against it (CFG003 judges the settings without RAM)",
                    "不适用：数据库无法得知主机内存；请在清单中为该实例声明（thresholds 中的 CFG004.host_ram_mb），"
                    "才能据此判断 shared_buffers 与可承诺内存（不依赖内存的判断见 CFG003）"),
        "buffers_low": T("shared_buffers {shared_buffers} is {shared_buffers_pct} % of {ram} of RAM (expected "
                         "{min_pct}-{max_pct} %, postgres-checkup G001): too small, most reads go to the OS cache "
                         "or disk; {count} problem(s)",
                         "shared_buffers {shared_buffers} 仅占 {ram} 内存的 {shared_buffers_pct}%（应为 {min_pct}%-{max_pct}%，"
                         "postgres-checkup G001）：过小，多数读取落到操作系统缓存或磁盘；共 {count} 个问题"),
        "buffers_high": T("shared_buffers {shared_buffers} is {shared_buffers_pct} % of {ram} of RAM (expected "
                          "{min_pct}-{max_pct} %, postgres-checkup G001): too little is left for sessions and the "
                          "OS, the OOM killer may strike; {count} problem(s)",
                          "shared_buffers {shared_buffers} 占 {ram} 内存的 {shared_buffers_pct}%（应为 {min_pct}%-{max_pct}%，"
                          "postgres-checkup G001）：留给会话和操作系统的内存太少，可能触发 OOM killer；共 {count} 个问题"),
        "committed": T("the settings can commit {committed} ({formula}), {committed_pct} % of {ram} of RAM (warning at "
                       "{committed_pct_warning} %): under full load the OOM killer ends backends and the server "
                       "restarts; {count} problem(s)",
                       "参数可承诺 {committed}（{formula}），占 {ram} 内存的 {committed_pct}%（{committed_pct_warning}% 告警）："
                       "满负载时 OOM killer 会杀掉后端进程并导致服务器重启；共 {count} 个问题"),
    },
    remediation=RemediationSpec(
        text=T("Keep shared_buffers near 25 % of RAM (a restart) and the committed memory under 90 %: lower work_mem "
               "server-wide (raise it per role for reports), pool connections to lower max_connections, and cap "
               "autovacuum_work_mem.",
               "把 shared_buffers 保持在内存的 25% 左右（需重启），可承诺内存低于 90%：调低全局 work_mem（为报表角色单独调高），"
               "用连接池降低 max_connections，并限制 autovacuum_work_mem。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET shared_buffers = '<25 % of RAM>';  -- restart to apply",
            "ALTER SYSTEM SET work_mem = '16MB'; ALTER SYSTEM SET autovacuum_work_mem = '512MB'; SELECT pg_reload_conf();",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-resource.html",
                    "https://www.postgresql.org/docs/current/kernel-resources.html#LINUX-MEMORY-OVERCOMMIT"],
    ),
    timeout_s=5,
)
