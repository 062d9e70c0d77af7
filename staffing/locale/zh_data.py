"""Simplified Chinese for the messages about reading and checking input files (tables, agents,
rules, targets, the data set, history and backtests)."""

ZH_DATA: dict[str, str] = {
    "interval starts are not on one {minutes}-minute grid": "时段开始时间不在同一个 {minutes} 分钟的网格上",
}
