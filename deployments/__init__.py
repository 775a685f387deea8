"""Inspection plans: the plan model, the schedule spec → cron translation (schedule.to_crons,
the one place), and every Prefect client operation on plans (ops). The local stack helpers are
in deployments.stack.

Python API (sync; ``a``-prefixed async twins live in deployments.ops)::

    from deployments import create_plan, update_plan, pause_plan, resume_plan, delete_plan, \
        show_plan, list_plans, run_plan, Plan
    create_plan(name="prod-weekly", tier="weekly", schedule="weekly on wednesday at 08:00",
                timezone="Asia/Shanghai", window_days=3, instances=["pg-1", "pg-2"])
"""

from .ops import (PlanInfo, RunInfo, create_plan, create_plans, delete_plan, list_plans, pause_plan, resume_plan,
                  run_plan, show_plan, update_plan)
from .plan import Plan, PlanError, build_plan, load_plans_file
from .schedule import Schedule, ScheduleError, next_fire_times, parse, to_crons

__all__ = ["Plan", "PlanError", "PlanInfo", "RunInfo", "Schedule", "ScheduleError", "build_plan", "create_plan",
           "create_plans", "delete_plan", "list_plans", "load_plans_file", "next_fire_times", "parse", "pause_plan", "resume_plan", "run_plan",
           "show_plan", "to_crons", "update_plan"]
