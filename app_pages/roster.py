"""Placeholder until the library lands."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from app_pages.i18n import t

st.title(t("roster.title"))
common.not_available("what.roster", "staffing.roster.solve")
