"""Translations of the library's messages, per language: English template -> template.

Each catalog keeps the English template's ``{placeholders}`` (format specs included) and
only changes the words around them. ``tests/test_i18n.py`` checks that every template the
library builds with :func:`staffing.i18n.msg` has an entry in every catalog, with the same
placeholders.
"""

from __future__ import annotations

from staffing.locale.zh_data import ZH_DATA
from staffing.locale.zh_plan import ZH_PLAN
from staffing.locale.zh_roster import ZH_ROSTER

CATALOGS: dict[str, dict[str, str]] = {"zh": {**ZH_DATA, **ZH_PLAN, **ZH_ROSTER}}
