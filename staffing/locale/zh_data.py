"""Simplified Chinese for the messages about reading and checking input files (tables, agents,
rules, targets, the data set, history and backtests)."""

ZH_DATA: dict[str, str] = {}
