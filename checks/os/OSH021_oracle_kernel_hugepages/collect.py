"""OSH021: the kernel settings, HugePages and Transparent HugePages of an Oracle instance's host, over SSH, with
the SGA they must hold from the database (checks/host/oracle.py ORA_MEMORY_SQL: SGA_MAX_SIZE, SUM(V$SGA),
MEMORY_TARGET, MEMORY_MAX_TARGET, USE_LARGE_PAGES).

One command reads every file: ``grep -H -s '' /proc/sys/kernel/sem … /proc/meminfo
/sys/kernel/mm/transparent_hugepage/enabled /proc/sysvipc/shm`` (a file missing or unreadable is absent from the output: its row
says "not readable"). One row per setting: ``setting`` (sysctl name, meminfo field or Oracle parameter),
``value`` as read, ``source`` (the file or view)."""

from checks.host import parse_meminfo, run, ssh_ok, thp_mode
from checks.host.oracle import ORA_MEMORY_SQL, parse_grep_h

PROC = "/proc"  # where /proc and /sys are read on the host (a test points them at a planted tree)
SYS = "/sys"

SYSCTL = ("kernel/sem", "kernel/shmall", "kernel/shmmax", "kernel/shmmni", "kernel/panic_on_oops", "fs/file-max",
          "fs/aio-max-nr", "net/ipv4/ip_local_port_range", "net/core/rmem_default", "net/core/rmem_max",
          "net/core/wmem_default", "net/core/wmem_max")
MEMINFO = ("MemTotal", "HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "Hugepagesize")


MAX_SEGMENTS = 500


def shm_sizes(text: str) -> str:
    """/proc/sysvipc/shm (header, then key shmid perms size cpid …) → the segments' sizes in bytes, space
    separated, largest first (at most MAX_SEGMENTS)."""
    sizes = []
    for line in text.splitlines():
        f = line.split()
        if len(f) > 3 and f[3].isdigit():
            sizes.append(int(f[3]))
    return " ".join(str(n) for n in sorted(sizes, reverse=True)[:MAX_SEGMENTS])


def oracle(ctx):
    ssh_ok(ctx)
    files = {f"{PROC}/sys/{k}": k.replace("/", ".") for k in SYSCTL}
    thp = f"{SYS}/kernel/mm/transparent_hugepage/enabled"
    meminfo = f"{PROC}/meminfo"
    shm = f"{PROC}/sysvipc/shm"  # every System V shared memory segment on the host, readable by any user
    r = run(ctx, ["grep", "-H", "-s", "", *files, meminfo, thp, shm])
    if r.exit_status not in (0, 2) or not r.text.strip():  # 2: some file missing, the rest printed
        raise RuntimeError(f"grep -H over /proc/sys and {meminfo}: {r.error}")
    read = parse_grep_h(r.text)
    rows = [{"setting": name, "value": " ".join(read[path].split()) if path in read else None, "source": path}
            for path, name in files.items()]
    mem = parse_meminfo(read.get(meminfo, ""))
    rows += [{"setting": f"meminfo.{k}", "value": None if k not in mem else str(mem[k]), "source": meminfo} for k in MEMINFO]
    rows.append({"setting": "sysvipc.shm_segments", "value": shm_sizes(read[shm]) if shm in read else None,
                 "source": shm})
    rows.append({"setting": "transparent_hugepage.enabled", "value": thp_mode(read[thp]) if thp in read else None,
                 "source": thp})
    db = ctx.memo(("ora-memory",), lambda: dict(ctx.run(ORA_MEMORY_SQL)[0]))
    for k in ("sga_max_size", "sga_bytes", "memory_target", "memory_max_target", "use_large_pages"):
        v = db.get(k)
        rows.append({"setting": f"oracle.{k}", "value": None if v is None else str(v),
                     "source": "V$SGA" if k == "sga_bytes" else "V$PARAMETER"})
    return rows
