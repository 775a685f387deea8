"""What the Oracle performance checks (PRF060–PRF069) share: the source each read and the judge frame.

Every performance SQL returns the same five basis columns beside its own, whichever source path it
is (checks/spec.py SourcePath):

=============  =====================================================================================
source         'AWR' (DBA_HIST_*, Diagnostics Pack declared), 'Statspack' (PERFSTAT.STATS$*), 'V$'
               (licence-free views: cumulative since instance startup, or the last metric interval)
pairs          consecutive snapshot pairs inside the window with the same STARTUP_TIME (AWR /
               Statspack); 0 when the window holds none. NULL for V$
restarts       instance restarts between the window's snapshots (each splits the deltas: the interval
               across a restart is not counted)
basis_from     UTC text: the first snapshot of the window's first pair, or the instance startup (V$)
basis_to       UTC text: the last snapshot, or now (V$)
=============  =====================================================================================

A row whose object column is NULL is the header only (the window has snapshots but nothing to
list): the SQL returns it so that "no snapshot in the window" (SKIPPED) and "nothing found" (OK)
are told apart. The judge adds ``basis_en`` / ``basis_zh``: which source, over what, to every message.
"""

from __future__ import annotations

from checks.judges import num, rows_judge, uses
from checks.spec import Verdict
from dbpatrol.results import Outcome
from dbpatrol.timefmt import message_time

BASIS_COLUMNS = ("source", "pairs", "restarts", "basis_from", "basis_to")
SNAPSHOT_SOURCES = ("AWR", "Statspack")


def basis_params(row: dict) -> dict:
    source = str(row.get("source") or "?")
    pairs, restarts = int(num(row.get("pairs")) or 0), int(num(row.get("restarts")) or 0)
    frm, to = message_time(row.get("basis_from")), message_time(row.get("basis_to"))  # UTC text → the run's zone
    if source in SNAPSHOT_SOURCES:
        split_en = f"; {restarts} instance restart(s) split it, the intervals across them not counted" if restarts else ""
        split_zh = f"；其间实例重启 {restarts} 次，跨重启的区间未计入" if restarts else ""
        views = "DBA_HIST_*" if source == "AWR" else "PERFSTAT.STATS$*"
        return {"basis_en": f"{source} ({views}) snapshots {frm} – {to}, {pairs} interval(s) inside the window{split_en}",
                "basis_zh": f"{source}（{views}）快照 {frm} – {to}，窗口内 {pairs} 个快照区间{split_zh}"}
    if row.get("basis_kind") == "current":
        return {"basis_en": f"V$ views, the last metric interval {frm} – {to} (licence-free; no AWR/Statspack used)",
                "basis_zh": f"V$ 视图，最近一个指标区间 {frm} – {to}（免许可；未使用 AWR/Statspack）"}
    return {"basis_en": f"V$ views, cumulative since instance startup at {frm} (licence-free; no AWR/Statspack used)",
            "basis_zh": f"V$ 视图，自实例启动 {frm} 起累计（免许可；未使用 AWR/Statspack）"}


NO_SNAPSHOTS = {
    "en": "not applicable: {source} holds no pair of snapshots inside the window (both ends of an interval must fall "
          "in it, with no restart between): nothing to evaluate — check that snapshots are being taken "
          "(AWR: DBA_HIST_WR_CONTROL interval; Statspack: the statspack.snap job)",
    "zh": "不适用：{source} 在窗口内没有成对的快照（区间两端都须在窗口内且其间无重启）：无可评估数据——请确认快照在正常生成"
          "（AWR：DBA_HIST_WR_CONTROL 的间隔；Statspack：statspack.snap 作业）",
}


def perf_judge(rules, *, key: str, problem: str = "problem", flag=None, extra_uses=(), inner=None,
               guard: tuple[str, str] | None = None):
    """rows_judge over the rows that name an object (``key`` not NULL), after two guards: no row at
    all is an ERROR (the SQL always returns its header row), and a snapshot source without a pair in
    the window is SKIPPED — never OK over nothing. ``inner``: a judge of its own instead of rows_judge.
    ``guard`` (column, guard threshold): below it the load is too light to rate shares (message
    ``light``, OK, saying so) — on a nearly idle instance any one event or statement is 'most' of it."""
    rated = inner or rows_judge(rules, problem=problem, flag=flag, extra_uses=extra_uses)

    @uses(*rated.uses, *([guard[1]] if guard else []))
    def judge(rows, th, ctx) -> Verdict:
        if not rows:
            return Verdict(outcome=Outcome.ERROR, message="no_data")
        head = rows[0]
        params = {**basis_params(head), "source": head.get("source")}
        if head.get("source") in SNAPSHOT_SOURCES and not num(head.get("pairs")):
            return Verdict(outcome=Outcome.SKIPPED, message="no_snapshots", params=params, evidence=[head])
        objects = [r for r in rows if r.get(key) is not None]
        if guard and objects and (num(head.get(guard[0])) or 0) < (num(th[guard[1]].value) or 0):
            return Verdict(outcome=Outcome.OK, message="light", evidence=objects,
                           params={**objects[0], **params, "total": len(objects), "guard": th[guard[1]].value})
        verdict = rated(objects, th, ctx)
        verdict.params = {**{c: None for c in rows[0]}, **verdict.params, **params, "total": len(objects)}
        return verdict

    return judge


def messages_common():
    """The messages every performance check declares beside its own."""
    from checks.spec import T

    return {
        "no_snapshots": T(NO_SNAPSHOTS["en"], NO_SNAPSHOTS["zh"]),
        "no_data": T("the SQL returned no row (not even its header row)", "SQL 未返回任何行（连表头行也没有）"),
    }
