"""Requirements: agents to schedule per interval, as a day x time-of-day heatmap per queue."""

from __future__ import annotations

import streamlit as st

from app_pages import charts, common, pipeline
from app_pages.i18n import t, translated
from staffing.errors import StaffingInputError

st.title(t("req.title"))
st.caption(t("req.intro"))

dataset = common.require_dataset()
week = common.plan_week()
plan = pipeline.context(dataset)
try:
    with st.spinner(t("req.running")):
        requirements = pipeline.week_requirements(plan.key, week, plan)
except StaffingInputError as exc:
    common.show_problems(exc, key="req_problems", loading=False)
    st.stop()

all_label = t("req.total")
queue_labels = {all_label: None} | {common.queue_label(c, v): (c, v) for c, v in dataset.queues}
chosen = st.selectbox(t("common.queue"), list(queue_labels), key="req_queue", width=320)
selected = queue_labels[chosen]
if selected is None:
    mine = requirements
else:
    channel, vip_level = selected
    mine = requirements[
        (requirements["channel"] == channel) & (requirements["vip_level"] == vip_level)
    ]
per_interval = mine.groupby("interval_start")["required_agents"].sum()
hours = per_interval.sum() * dataset.rules.interval_minutes / 60
metrics = st.columns(3)
metrics[0].metric(t("req.hours"), f"{hours:,.0f}")
metrics[1].metric(t("req.peak"), int(per_interval.max()) if len(per_interval) else 0)
metrics[2].metric(t("req.fte"), f"{hours / 40:,.1f}")

grid = (
    per_interval.rename_axis("interval_start")
    .reset_index()
    .assign(
        day=lambda f: f["interval_start"].map(common.day_label),
        time=lambda f: f["interval_start"].dt.strftime("%H:%M"),
    )
    .pivot_table(index="day", columns="time", values="required_agents", aggfunc="sum", sort=True)
    .fillna(0)
)
st.plotly_chart(charts.requirement_heatmap(grid, t("req.heatmap", queue=chosen)), key="req_heatmap")
with st.expander(t("req.table")):
    # why a queue cannot be met in an interval, in the planner's language
    shown = mine.assign(reason=mine["reason"].map(translated)) if "reason" in mine else mine
    st.dataframe(shown, hide_index=True, key="req_table")
