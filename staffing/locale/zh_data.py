"""Simplified Chinese for the messages about input files, targets, scenarios, the plan store
and exports (everything outside ``staffing.roster``)."""

ZH_DATA: dict[str, str] = {
    "interval starts are not on one {minutes}-minute grid": "时段开始时间不在同一个 {minutes} 分钟的网格上",
}
