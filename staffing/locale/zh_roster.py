"""Simplified Chinese for the roster's messages: rule and agent checks, the validator's
violations and the solver's notes (``staffing.roster``)."""

ZH_ROSTER: dict[str, str] = {}
