"""Streamlit pages of the planner app (see app.py); thin over forecast/ and staffing/."""
