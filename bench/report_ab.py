"""A/B the fleet PDF between two checkouts, interleaved, on the same synthetic fleet:

    python3 bench/report_ab.py INSTANCES ROUNDS [OLD_ROOT] [NEW_ROOT]

e.g. ``git worktree add /tmp/old <commit>`` then ``python3 bench/report_ab.py 100 3 /tmp/old .``.
Each render runs in a fresh interpreter (its own uv project), so peak RSS is that render's. Prints
medians of wall and CPU seconds (CPU time is what to compare on a loaded machine: wall time there
measures the load), peak RSS and PDF size, and the new/old ratios.
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
