"""Simplified Chinese for the messages about requirements, simulation, scenarios, the plan
store, exports and the plan pipeline."""

ZH_PLAN: dict[str, str] = {
    "interval starts are not on one {minutes}-minute grid": "时段开始时间不在同一个 {minutes} 分钟的网格上",
}
