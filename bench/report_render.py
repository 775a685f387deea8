"""PDF render time and peak memory: a one-instance weekly report and a 100-instance fleet report.

    uv run python bench/report_render.py [--lang en|zh-CN] [--instances 100] [--repeat 1]

Synthetic results (reports/sample.py), with a previous report so the history section is filled.
Each case runs in a fresh subprocess so the peak RSS (resource.getrusage ru_maxrss, which includes
Pango/HarfBuzz memory) belongs to that case alone. ``--tracemalloc`` adds the Python-only peak but
slows the layout several times, so it is off by default. Import time is excluded from the render
time (HTML + layout + PDF write) and printed separately; ``cpu s`` is the render's own CPU time
(what to compare on a loaded machine, where wall time measures the other processes).

Figures, 100 instances, en (2 shared cores; issue 13 item 4 target: <= 10 s, <= 500 MB). ``cpu s``
counts this process and its children; ``child RSS`` is the forked half's peak (it shares the parent's
pages copy-on-write, so parent + child is an upper bound of the memory used at once).

Part 2 (commit 6277e0f, one process; 2026-12-01):

    ========================  =========================  ==========================
                              before (main b840c69)      after (6277e0f)
    ========================  =========================  ==========================
    render CPU s              27.2 (load 1)              14.2 (load 3.4)
    render wall s             95.9 (load 1 -> 10)        14.6 (load 3.4)
    pages                     177                        120
    PDF KB                    822                        553
    peak RSS MB               510                        296
    zh-CN: wall s, pages, MB  -                          16.8, 115, 304 (load ~3-7)
    ========================  =========================  ==========================

Part 3 (two processes, reports/pdf_parallel.py; 2026-12-02 04:54 UTC, before/after run back to back,
``uptime`` load 0.8-1.6: other sessions' processes held about one of the two cores; the same
one-process code took 20.5 s CPU here that it took 14.2 s for on 12-01, so compare within a table):

    ========================  =========================  ==========================
                              before (main 990a3bd)      after (branch pdf)
    ========================  =========================  ==========================
    render wall s, en         21.1 (load 0.9)            16.1 (load 0.8)
    render CPU s, en          20.5                       24.6 (2 processes)
    pages, en                 120                        121 (the second half starts a page)
    PDF KB, en                553                        848 (pypdf: no object streams)
    peak RSS MB, en           295                        225 + child 192
    render wall s, zh-CN      21.9 (load 1.2)            13.5 (load 1.0)
    render CPU s, zh-CN       21.4                       22.1
    pages, zh-CN              115                        116
    peak RSS MB, zh-CN        302                        231 + child 203
    ========================  =========================  ==========================

At the lowest load seen (1.0, 04:49) the same fleet PDF took 13.0 s wall (parent 9.7 s CPU, child
8.7 s) against 20.6 s in one process. Both halves together use ~10-20 % more CPU than one process
(each runs slower beside the other on this VM), so 10 s wall needs both cores free and a single-
process CPU time near 16 s.

Part 4 (same code as part 3's "after", main f0f8c65; 2026-12-03 11:55 UTC, a quiet machine, load
0.0-1.0; one process forced with ``taskset -c 0``, which the render takes as one CPU):

    ========================  =========================  ==========================
    100 instances             one process (taskset -c 0)  two processes (default)
    ========================  =========================  ==========================
    render wall s, en         11.14                      6.69-7.12 (3 runs)
    render CPU s, en          11.11                      11.7-12.8
    peak RSS MB, en           296                        228 + child 193
    render wall s, zh-CN      10.97                      6.62-6.75 (2 runs)
    peak RSS MB, zh-CN        303                        233 + child 204
    ========================  =========================  ==========================

Issue 13 item 4's targets (<= 10 s, <= 500 MB) are met on a quiet machine: 6.6-7.1 s wall, and the
two peaks together (an upper bound, pages shared copy-on-write) 421-437 MB. On 12-02 the same code
took 13.0-16.1 s because other sessions' processes held one of the two cores.

Where the time went (cProfile, 100 instances; part 2): layout ~50 % (tables ~27 %, line breaking
~11 %), the CSS cascade ~19 % (before the lean UA sheet), the PDF write 15-23 %, box building ~11 %,
HTML parse ~8 % (pure Python). Part 3, per half (CPU s, 100 instances en, cut at 0.5 of the HTML):
layout 7.2 / 7.1, PDF write + page numbers 3.3 / 3.0, join 0.85 (pypdf re-reads both halves' object
streams); no single hot spot is left (top self times: lazy computed styles, Pango first-line
splitting, percentage resolution, each 3-6 %).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, tempfile, time, tracemalloc
from pathlib import Path
t0 = time.perf_counter()
import weasyprint  # noqa: F401
import reports
from reports import sample
t_import = time.perf_counter() - t0
kind, n, lang, repeat, trace = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"
if kind == "one":
    result = sample.two_instance_result()
    result.instances = result.instances[:1]
else:
    result = sample.fleet_result(n)
prev = result.model_copy(update={"id": "prev-" + result.id})
out = Path(tempfile.mkdtemp())
times = []
if trace:
    tracemalloc.start()
def cpu():  # this process and its children (a large fleet PDF renders half in a forked child)
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))
cpus = []
for _ in range(repeat):
    t, c = time.perf_counter(), cpu()
    html = reports.to_html(result, lang, previous=prev, for_pdf=True)
    t_html = time.perf_counter() - t
    pdf = reports.to_pdf(result, lang, previous=prev, html=html)
    times.append((time.perf_counter() - t, t_html))
    cpus.append(cpu() - c)
py_peak = tracemalloc.get_traced_memory()[1] if trace else 0
tracemalloc.stop()
child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # before pdfinfo runs
(out / "r.pdf").write_bytes(pdf)
import shutil, subprocess
info = subprocess.run(["pdfinfo", str(out / "r.pdf")], capture_output=True, text=True).stdout if shutil.which("pdfinfo") else ""
pages = next((int(l.split()[-1]) for l in info.splitlines() if l.startswith("Pages:")), None)
print(json.dumps({
    "instances": len(result.instances),
    "findings": sum(len(i.findings) for i in result.instances),
    "import_s": round(t_import, 2),
    "render_s": round(min(t for t, _ in times), 2),
    "cpu_s": round(min(cpus), 2),
    "html_s": round(min(h for _, h in times), 3),
    "pages": pages,
    "pdf_kb": round(len(pdf) / 1024),
    "html_kb": round(len(html.encode()) / 1024),
    "py_peak_mb": round(py_peak / 2**20, 1) if trace else "-",
    "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "child_rss_mb": round(child_rss / 1024, 1),
}))
"""


def run(kind: str, n: int, lang: str, repeat: int, trace: bool) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, kind, str(n), lang, str(repeat), "1" if trace else "0"],
                          cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="both", choices=["en", "zh-CN", "both"])
    ap.add_argument("--instances", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--tracemalloc", action="store_true",
                    help="also print tracemalloc's Python peak (slows WeasyPrint's pure-Python layout 3-5x, "
                         "so render times are then not representative)")
    args = ap.parse_args()
    langs = ["en", "zh-CN"] if args.lang == "both" else [args.lang]
    print(f"{'case':<32} {'lang':<6} {'render s':>8} {'cpu s':>6} {'html s':>7} {'pages':>5} {'PDF KB':>7} "
          f"{'py peak MB':>10} {'max RSS MB':>10} {'child RSS':>9} {'import s':>8}")
    for lang in langs:
        for kind, n, label in (("one", 1, "1 instance, weekly"),
                               ("fleet", args.instances, f"{args.instances} instances, fleet weekly")):
            r = run(kind, n, lang, args.repeat, args.tracemalloc)
            label = "{} ({} findings)".format(label, r["findings"])
            print(f"{label:<32} {lang:<6} {r['render_s']:>8} {r['cpu_s']:>6} {r['html_s']:>7} "
                  f"{r['pages'] or '?':>5} {r['pdf_kb']:>7} {r['py_peak_mb']:>10} {r['max_rss_mb']:>10} "
                  f"{r['child_rss_mb']:>9} {r['import_s']:>8}")


if __name__ == "__main__":
    main()
