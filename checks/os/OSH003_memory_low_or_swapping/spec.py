from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("available_pct", "swap_used_pct")
def judge(rows, th, ctx) -> Verdict:
    r = rows[0]
    mem = th["available_pct"].classify(r.get("available_pct"))
    swap = th["swap_used_pct"].classify(r.get("swap_used_pct"))
    outcome = max((mem, swap), key=lambda o: o.rank)
    params = {k: r.get(k) for k in ("mem_total_mb", "mem_available_mb", "available_pct", "swap_total_mb", "swap_used_mb")}
    params["swap_used_pct"] = "no swap" if r.get("swap_used_pct") is None else f"{r['swap_used_pct']:g}%"
    if outcome is Outcome.OK:
        return Verdict(outcome=outcome, message="ok", params=params)
    return Verdict(outcome=outcome, message="memory" if mem.rank >= swap.rank else "swap", params=params)


SPEC = CheckSpec(
    code="OSH003",
    name="memory_low_or_swapping",
    title=T("Host memory available and swap in use (over SSH)", "主机可用内存与交换区使用（通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="login"), "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="CREATE SESSION", container="any")},
    columns=("mem_total_mb", "mem_available_mb", "available_pct", "swap_total_mb", "swap_used_mb", "swap_used_pct"),
    thresholds=(
        Threshold(name="available_pct", unit="% of RAM", warning=10, critical=5, direction="below",
                  rationale="MemAvailable (the kernel's estimate of memory usable without swapping) under 10 % / 5 % of "
                            "RAM: the page cache the database reads through is gone and the OOM killer is near (ours; "
                            "catalog PG-OS-01 / MY-OS-01 — MySQLTuner reports RAM without a level)"),
        Threshold(name="swap_used_pct", unit="% of swap", warning=10, critical=50, direction="above",
                  rationale="swap in use: MySQLTuner's system checks report it and want swappiness ≤ 10 so the server is "
                            "not swapped out (catalog MY-OS-01); 10 % / 50 % of swap used are ours"),
    ),
    judge=judge,
    messages={
        "ok": T("{mem_available_mb} MB of {mem_total_mb} MB RAM available ({available_pct}%), swap {swap_used_mb} MB of "
                "{swap_total_mb} MB used ({swap_used_pct})",
                "可用内存 {mem_available_mb} MB / {mem_total_mb} MB（{available_pct}%），交换区已用 {swap_used_mb} MB / "
                "{swap_total_mb} MB（{swap_used_pct}）"),
        "memory": T("only {mem_available_mb} MB of {mem_total_mb} MB RAM available ({available_pct}%, at or below "
                    "{available_pct_warning}%); swap {swap_used_mb} MB used ({swap_used_pct})",
                    "可用内存仅 {mem_available_mb} MB / {mem_total_mb} MB（{available_pct}%，≤ {available_pct_warning}%）；"
                    "交换区已用 {swap_used_mb} MB（{swap_used_pct}）"),
        "swap": T("{swap_used_mb} MB of {swap_total_mb} MB swap in use ({swap_used_pct}, at or above "
                  "{swap_used_pct_warning}%): memory the server touches may be on disk; {mem_available_mb} MB RAM available",
                  "交换区已用 {swap_used_mb} MB / {swap_total_mb} MB（{swap_used_pct}，≥ {swap_used_pct_warning}%）："
                  "数据库使用的内存可能已被换出到磁盘；可用内存 {mem_available_mb} MB"),
    },
    remediation=RemediationSpec(
        text=T("Find what uses the memory (ps aux --sort=-rss): the database's own caches (shared_buffers, "
               "innodb_buffer_pool_size) against the RAM, work_mem × connections, or other processes on the host. Lower "
               "them or add RAM; set vm.swappiness low (OSH006) so the server is not swapped out.",
               "找出占用内存的进程（ps aux --sort=-rss）：数据库自身缓存（shared_buffers、innodb_buffer_pool_size）与内存的比例、"
               "work_mem × 连接数，或主机上的其他进程。降低配置或增加内存；调低 vm.swappiness（OSH006）以免数据库被换出。"),
        commands={"postgresql": ["free -m", "ps aux --sort=-rss | head"], "mysql": ["free -m", "ps aux --sort=-rss | head"]},
        references=["https://www.kernel.org/doc/html/latest/filesystems/proc.html#meminfo"],
    ),
    timeout_s=10,
)
