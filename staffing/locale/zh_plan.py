"""Simplified Chinese for the messages about requirements, simulation, scenarios, the plan
store, exports and the plan pipeline."""

ZH_PLAN: dict[str, str] = {}
