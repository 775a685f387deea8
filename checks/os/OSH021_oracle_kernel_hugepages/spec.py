import math

from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_GUIDE = ("Oracle Database Installation Guide 19c for Linux, 'Minimum Parameter Settings for Installation' (Table "
          "'Minimum Operating System Resource Parameter Settings'; values are minimums)")
_HUGE = ("Oracle Database Installation Guide 19c for Linux, 'Overview of HugePages' / 'Restrictions for HugePages and "
         "Transparent HugePages Configurations': HugePages must be sized for the SGA, Automatic Memory Management "
         "(MEMORY_TARGET) is not compatible with HugePages, and Oracle recommends disabling Transparent HugePages; "
         "ORAchk's HugePages and THP checks rate the same (catalog ORA-OS-02, ORAchk FAIL/WARN)")
KERNEL_MINIMUMS = ("kernel.sem=250 32000 100 128", "kernel.shmmni=4096", "kernel.panic_on_oops=1",
                   "fs.file-max=6815744", "fs.aio-max-nr=1048576", "net.core.rmem_default=262144",
                   "net.core.rmem_max=4194304", "net.core.wmem_default=262144", "net.core.wmem_max=1048576")
PAGE = 4096  # shmall counts pages; the guide counts them in 4K pages (x86-64)


def _int(v):
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return None


@uses("kernel_minimums", "shmmax_pct_of_ram", "shmall_pct_of_ram", "ip_local_port_range", "hugepages_pct_of_sga",
      "allowed_thp")
def judge(rows, th, ctx) -> Verdict:
    v = {r["setting"]: r.get("value") for r in rows}
    bad: dict[str, str] = {}
    ok: list[str] = []
    unread = [r["setting"] for r in rows if r.get("value") is None and not r["setting"].startswith("oracle.")
              and r["setting"] != "transparent_hugepage.enabled"]
    for item in th["kernel_minimums"].value or ():
        name, _, want = str(item).partition("=")
        got = v.get(name)
        if got is None:
            continue
        have, need = [_int(x) for x in got.split()], [_int(x) for x in want.split()]
        if len(have) != len(need) or any(h is None or n is None or h < n for h, n in zip(have, need)):
            bad[name] = f"{name} = {got} (install guide minimum {want})"
        else:
            ok.append(f"{name} = {got}")
    ram = (_int(v.get("meminfo.MemTotal")) or 0) * 1024
    if ram:
        shmmax, shmall = _int(v.get("kernel.shmmax")), _int(v.get("kernel.shmall"))
        pct = th["shmmax_pct_of_ram"].value
        if shmmax is not None and shmmax < ram * pct / 100:
            bad["kernel.shmmax"] = (f"kernel.shmmax = {shmmax:,} bytes, below {pct:g}% of the {ram / 2**30:.1f} GiB of RAM "
                                    f"({math.ceil(ram * pct / 100):,})")
        pct = th["shmall_pct_of_ram"].value
        if shmall is not None and shmall * PAGE < ram * pct / 100:
            bad["kernel.shmall"] = (f"kernel.shmall = {shmall:,} pages ({shmall * PAGE / 2**30:.1f} GiB), below {pct:g}% "
                                    f"of RAM ({math.ceil(ram * pct / 100 / PAGE):,} pages of 4 KiB)")
    rng = [_int(x) for x in str(v.get("net.ipv4.ip_local_port_range") or "").split()]
    want = [_int(x) for x in th["ip_local_port_range"].value or ()]
    if len(rng) == 2 and None not in rng and len(want) == 2 and None not in want:
        if rng[0] < want[0] or rng[1] - rng[0] < want[1] - want[0]:
            bad["net.ipv4.ip_local_port_range"] = (f"net.ipv4.ip_local_port_range = {rng[0]} {rng[1]} (install guide "
                                                   f"{want[0]} {want[1]}: ports from {want[0]} up, "
                                                   f"{want[1] - want[0] + 1:,} of them)")
    # memory: HugePages against the SGA
    sga = max(_int(v.get("oracle.sga_max_size")) or 0, _int(v.get("oracle.sga_bytes")) or 0)
    amm = max(_int(v.get("oracle.memory_target")) or 0, _int(v.get("oracle.memory_max_target")) or 0)
    size_kb = _int(v.get("meminfo.Hugepagesize"))
    total = _int(v.get("meminfo.HugePages_Total"))
    huge = ""
    if amm:
        bad["memory_target"] = (f"Automatic Memory Management is on (MEMORY_TARGET / MEMORY_MAX_TARGET = "
                                f"{amm / 2**30:.1f} GiB): the SGA cannot be in HugePages")
    if sga and size_kb and total is not None:
        need = math.ceil(sga / (size_kb * 1024))
        # the pool is the host's: every instance's SGA (and any other large System V segment) draws on it.
        # MOS 401749.1 (hugepages_settings.sh) sizes it from every segment ipcs -m lists; segments smaller
        # than one huge page are left out here (not SGAs; at most one page each)
        segs = [n for n in (_int(x) for x in str(v.get("sysvipc.shm_segments") or "").split())
                if n is not None and n >= size_kb * 1024]
        host_need = sum(math.ceil(n / (size_kb * 1024)) for n in segs)
        others = host_need - need if host_need > need and sum(segs) > sga * 1.05 else 0
        pct = round(100.0 * total / (need + others), 1) if need else None
        huge = (f"HugePages_Total {total:,} × {size_kb:,} kB for an SGA of {sga / 2**30:.1f} GiB ({need:,} pages needed), "
                f"{_int(v.get('meminfo.HugePages_Free')) or 0:,} free")
        if others:
            huge += (f"; the host's {len(segs)} shared memory segments (this SGA and others: other instances) need "
                     f"{need + others:,} pages in all")
        need += others
        if not amm and th["hugepages_pct_of_sga"].classify(pct) is not Outcome.OK:
            bad["hugepages"] = (f"{huge}: {pct:g}% of the SGA fits in HugePages" if total else
                                f"no HugePages configured (vm.nr_hugepages = 0) for an SGA of {sga / 2**30:.1f} GiB: the "
                                "SGA is in 4 KiB pages (page tables per process, not locked in memory)")
        in_use = total - (_int(v.get("meminfo.HugePages_Free")) or 0) + (_int(v.get("meminfo.HugePages_Rsvd")) or 0)
        if total >= need and not amm and in_use < need:  # these SGAs would hold `need` pages (used or reserved)
            bad["hugepages_in_use"] = (f"{huge}, but only {in_use:,} in use or reserved: part of the SGA is in 4 KiB "
                                       "pages (started before the HugePages were allocated, or memlock below the SGA; "
                                       "the alert log's 'Large Pages Information' at startup says which)")
        if total and str(v.get("oracle.use_large_pages") or "").upper() == "FALSE":
            bad["use_large_pages"] = f"USE_LARGE_PAGES = FALSE: the SGA does not use the {total:,} HugePages configured"
    elif not sga:
        huge = "SGA size not readable (V$SGA / V$PARAMETER): HugePages not rated"
    mode = v.get("transparent_hugepage.enabled")
    allowed = [str(a) for a in th["allowed_thp"].value or ()]
    if mode is not None and mode not in allowed:
        bad["transparent_hugepage.enabled"] = f"transparent_hugepage/enabled = {mode} (install guide: {'/'.join(allowed)})"
    params = {"count": len(bad), "bad": "; ".join(bad.values()), "huge": huge or "HugePages not rated",
              "thp": mode or "not available", "checked": len(ok) + 3,
              "unread": "" if not unread else f"; not readable: {', '.join(unread)}",
              "unread_zh": "" if not unread else f"；无法读取：{', '.join(unread)}"}
    objects = {k: Outcome.WARNING for k in bad}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, objects=objects)
    return Verdict(outcome=Outcome.WARNING, message="problem", params=params, objects=objects,
                   evidence=[r for r in rows if r["setting"] in bad or r["setting"].startswith(("meminfo.", "oracle."))])


SPEC = CheckSpec(
    code="OSH021",
    name="oracle_kernel_hugepages",
    title=T("Kernel parameters, HugePages and Transparent HugePages for Oracle (ORAchk-style, over SSH)",
            "Oracle 所需内核参数、HugePages 与透明大页（参照 ORAchk，通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"oracle": EngineSupport(privilege="SELECT ON V_$PARAMETER, SELECT ON V_$SGA", container="any")},
    columns=("setting", "value", "source"),
    object_key=("setting",),
    thresholds=(
        Threshold(name="kernel_minimums", unit="sysctl=minimum", kind="list", value=KERNEL_MINIMUMS,
                  rationale=_GUIDE + ": semmsl semmns semopm semmni 250 32000 100 128, shmmni 4096, panic_on_oops 1, "
                            "file-max 6815744, aio-max-nr 1048576, rmem_default 262144, rmem_max 4194304, "
                            "wmem_default 262144, wmem_max 1048576; a value below its minimum = WARNING"),
        Threshold(name="shmmax_pct_of_ram", unit="% of RAM", kind="guard", value=50,
                  rationale=_GUIDE + ": shmmax 'half the size of physical memory in bytes' (MOS 567506.1); below it the "
                            "SGA is split over several shared memory segments"),
        Threshold(name="shmall_pct_of_ram", unit="% of RAM", kind="guard", value=40,
                  rationale=_GUIDE + ": shmall '40 percent of the size of physical memory in pages' (more when several "
                            "databases or a large SGA share the host); below the SGA an instance cannot start"),
        Threshold(name="ip_local_port_range", unit="ports", kind="list", value=("9000", "65500"),
                  rationale=_GUIDE + ": ip_local_port_range minimum 9000, maximum 65500 — ephemeral ports start above "
                            "the listener ports (1521 …) and number at least 56,501; the Linux default 32768 60999 "
                            "has 28,232"),
        Threshold(name="hugepages_pct_of_sga", unit="% of the SGA in HugePages", warning=100, direction="below",
                  rationale=_HUGE + ". USE_LARGE_PAGES = TRUE (19c default) puts what does not fit in 4 KiB pages. "
                            "Also WARNING: enough HugePages but fewer in use or reserved (Total - Free + Rsvd) than this "
                            "SGA needs, i.e. part of it is not in them (MOS 401749.1 sizes them from the running SGAs). "
                            "Several instances on one host share the pool: when /proc/sysvipc/shm lists more shared "
                            "memory than this SGA, the pool is rated against every segment of at least one huge "
                            "page (MOS 401749.1's sum), not this SGA alone"),
        Threshold(name="allowed_thp", unit="modes", kind="list", value=("never",),
                  rationale=_HUGE + " (MOS 1557478.1: THP causes memory allocation delays; 'never', unlike OSH005's "
                            "PostgreSQL/MySQL rule, which also allows madvise)"),
    ),
    judge=judge,
    messages={
        "ok": T("kernel parameters at or above the 19c install guide's minimums ({checked} checked), {huge}, "
                "transparent HugePages {thp}{unread} — state now",
                "内核参数不低于 19c 安装指南的最小值（检查 {checked} 项），{huge}，透明大页 {thp}{unread_zh}——当前状态"),
        "problem": T("{count} setting(s) off for Oracle: {bad}{unread} — state now",
                     "{count} 项不符合 Oracle 要求：{bad}{unread_zh}——当前状态"),
    },
    remediation=RemediationSpec(
        text=T("Set the kernel parameters in /etc/sysctl.d/97-oracle-database-sysctl.conf (the preinstall RPM's file; "
               "sysctl --system applies it now). HugePages: vm.nr_hugepages = the SGA in 2 MB pages plus a margin "
               "(MOS 401749.1 hugepages_settings.sh computes it from the running instances), memlock in "
               "/etc/security/limits.conf at least the SGA for the oracle user, USE_LARGE_PAGES = ONLY to refuse starting "
               "without them; AMM (MEMORY_TARGET) off: SGA_TARGET + PGA_AGGREGATE_TARGET instead. Transparent "
               "HugePages: transparent_hugepage=never on the kernel command line (grubby --update-kernel=ALL "
               "--args=transparent_hugepage=never) and reboot. Instance restart for the SGA to move into HugePages.",
               "在 /etc/sysctl.d/97-oracle-database-sysctl.conf（preinstall RPM 使用的文件）中设置内核参数，sysctl --system "
               "立即生效。HugePages：vm.nr_hugepages = SGA 所需的 2 MB 页数加余量（MOS 401749.1 的 hugepages_settings.sh 按运行中"
               "实例计算），/etc/security/limits.conf 中 oracle 用户 memlock 不小于 SGA，USE_LARGE_PAGES = ONLY 可在大页不足时拒绝"
               "启动；关闭 AMM（MEMORY_TARGET），改用 SGA_TARGET + PGA_AGGREGATE_TARGET。透明大页：内核命令行加 "
               "transparent_hugepage=never（grubby --update-kernel=ALL --args=transparent_hugepage=never）并重启。SGA 需重启"
               "实例后才进入 HugePages。"),
        commands={"oracle": ["sysctl kernel.sem kernel.shmmax kernel.shmall fs.file-max fs.aio-max-nr "
                             "net.ipv4.ip_local_port_range",
                             "grep -i huge /proc/meminfo", "cat /sys/kernel/mm/transparent_hugepage/enabled",
                             "SELECT name, value FROM v$parameter WHERE name IN ('sga_max_size', 'memory_target', "
                             "'use_large_pages');"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/ladbi/minimum-parameter-settings-for-installation.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/ladbi/overview-of-hugepages.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/ladbi/disabling-transparent-hugepages.html"],
    ),
    timeout_s=10,
)
