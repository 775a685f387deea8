"""A/B the fleet PDF between two checkouts, interleaved, on the same synthetic fleet:

    python3 bench/report_ab.py INSTANCES ROUNDS [OLD_ROOT] [NEW_ROOT]

e.g. ``git worktree add /tmp/old <commit>`` then ``python3 bench/report_ab.py 100 3 /tmp/old .``.
Each render runs in a fresh interpreter (its own uv project), so peak RSS is that render's. Prints
medians of wall and CPU seconds (CPU time is what to compare on a loaded machine: wall time there
measures the load), peak RSS and PDF size, and the new/old ratios. CPU includes the interpreter's
imports (~3 s).

Issue 13 item 4, 100 instances, 2 rounds, main b840c69 (old) vs branch pdf (new), load 3-12:

    old  median CPU 29.38 s  wall 101.8 s (175.3, 28.2)  RSS 510 MB  822 KB
    new  median CPU 19.61 s  wall  21.9 s ( 17.2, 26.6)  RSS 296 MB  553 KB
    ratio new/old  CPU 0.67  wall 0.22 (the load fell during the run: compare CPU)
"""
import json, subprocess, sys, statistics
CHILD = r'''
import json, resource, sys, time
import weasyprint, reports
from reports import sample
r = sample.fleet_result(int(sys.argv[1]))
prev = r.model_copy(update={"id": "prev-" + r.id})
t = time.perf_counter()
pdf = reports.to_pdf(r, "en", previous=prev)
u = resource.getrusage(resource.RUSAGE_SELF); print(json.dumps({"cpu": u.ru_utime + u.ru_stime, "s": time.perf_counter() - t, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "kb": len(pdf) // 1024}))
'''
n = sys.argv[1]; rounds = int(sys.argv[2])
old_root = sys.argv[3] if len(sys.argv) > 3 else "/work/main"
new_root = sys.argv[4] if len(sys.argv) > 4 else "."
res = {"old": [], "new": []}
for _ in range(rounds):
    for name, root in (("old", old_root), ("new", new_root)):
        out = subprocess.run(["uv", "run", "--project", root, "python", "-c", CHILD, n], cwd=root, capture_output=True, text=True)
        res[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
for k, v in res.items():
    print(k, "median cpu s", round(statistics.median(x["cpu"] for x in v), 2), "median s", round(statistics.median(x["s"] for x in v), 2), "rss MB", round(max(x["rss"] for x in v)), "kb", v[0]["kb"], [round(x["s"], 1) for x in v])
print("ratio new/old wall", round(statistics.median(x["s"] for x in res["new"]) / statistics.median(x["s"] for x in res["old"]), 2),
      "cpu", round(statistics.median(x["cpu"] for x in res["new"]) / statistics.median(x["cpu"] for x in res["old"]), 2))
