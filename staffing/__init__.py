"""Staffing: queueing math, requirements, roster optimisation, simulation, scenarios, export."""

from staffing.errors import Problem, StaffingInputError

__all__ = ["Problem", "StaffingInputError"]
