"""The planner app: ``streamlit run app.py`` (or ``python3 dev.py app``).

Holds the navigation and the language switch; every page lives in app_pages/ and is thin
over the forecast/ and staffing/ libraries.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import WEEK_KEY, default_week, ensure_sample, plan_week
from app_pages.i18n import LANGUAGE_KEY, LANGUAGES, t

st.set_page_config(page_title=t("app.title"), page_icon="📞", layout="wide")

PAGES = (
    ("app_pages/data.py", "nav.data", ":material/database:", "data"),
    ("app_pages/forecast.py", "nav.forecast", ":material/show_chart:", "forecast"),
    ("app_pages/requirements.py", "nav.requirements", ":material/grid_on:", "requirements"),
    ("app_pages/roster.py", "nav.roster", ":material/calendar_month:", "roster"),
    ("app_pages/whatif.py", "nav.whatif", ":material/compare_arrows:", "what-if"),
    ("app_pages/export.py", "nav.export", ":material/download:", "export"),
)

ensure_sample()
with st.sidebar:
    st.radio(
        t("app.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=LANGUAGE_KEY,
        horizontal=True,
    )
    if WEEK_KEY not in st.session_state:
        st.session_state[WEEK_KEY] = default_week().date()
    st.date_input(t("common.week"), key=WEEK_KEY, format="YYYY-MM-DD")
    st.caption(t("common.week_of", monday=f"{plan_week():%Y-%m-%d}"))

navigation = st.navigation(
    [
        st.Page(path, title=t(title), icon=icon, url_path=url, default=index == 0)
        for index, (path, title, icon, url) in enumerate(PAGES)
    ]
)
navigation.run()
