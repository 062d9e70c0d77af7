"""Roster optimisation: shifts, breaks and channel blocks per agent (CP-SAT)."""
