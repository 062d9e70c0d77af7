"""Forecast: history and the week's forecast with its p10-p90 band, accuracy, event overrides."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import charts, common, pipeline
from app_pages.i18n import t
from staffing.errors import StaffingInputError

HISTORY_DAYS_SHOWN = 21

st.title(t("forecast.title"))
st.caption(t("forecast.intro"))

dataset = common.require_dataset()
week = common.plan_week()
plan = pipeline.context(dataset)
queue_labels = {common.queue_label(c, v): (c, v) for c, v in dataset.queues}
chosen = st.selectbox(t("common.queue"), list(queue_labels), key="forecast_queue", width=320)
channel, vip_level = queue_labels[chosen]

try:
    with st.spinner(t("forecast.running")):
        forecast = pipeline.week_forecast(plan.key, week, plan)
except StaffingInputError as exc:
    common.show_problems(exc, key="forecast_problems", loading=False)
    st.stop()

mine = forecast[(forecast["channel"] == channel) & (forecast["vip_level"] == vip_level)]
history = dataset.history
recent = history[
    (history["channel"] == channel)
    & (history["vip_level"] == vip_level)
    & (history["interval_start"] >= week - pd.Timedelta(days=HISTORY_DAYS_SHOWN))
]
metrics = st.columns(4)
metrics[0].metric(t("forecast.total"), f"{mine['volume'].sum():,.0f}")
metrics[1].metric(t("forecast.total_all"), f"{forecast['volume'].sum():,.0f}")
if not mine.empty:
    peak = mine.loc[mine["volume"].idxmax()]
    peak_at = peak["interval_start"]
    metrics[2].metric(t("forecast.peak"), f"{t(f'weekday.{peak_at.weekday()}')} {peak_at:%H:%M}")
    weights = mine["volume"].where(mine["volume"] > 0, 0)
    mean_aht = (mine["aht_s"] * weights).sum() / weights.sum() if weights.sum() else float("nan")
    metrics[3].metric(t("forecast.aht"), f"{mean_aht:,.0f}")
    st.caption(t("forecast.model_used", model=mine["model"].iloc[0]))
st.plotly_chart(
    charts.forecast_band(recent, mine, t("forecast.chart", queue=chosen)),
    key="forecast_chart",
)

st.subheader(t("forecast.accuracy"))
st.caption(t("forecast.accuracy_help"))
choices = pipeline.model_choices(plan.key, plan)
wape_columns = [c for c in choices.columns if c.startswith("wape_")]
table = choices.assign(
    queue=[
        common.queue_label(c, v)
        for c, v in choices[["channel", "vip_level"]].itertuples(index=False)
    ]
)
table = table[["queue", "model", *wape_columns]].rename(
    columns={"queue": t("common.queue"), "model": t("forecast.chosen_model")}
    | {c: c.removeprefix("wape_") for c in wape_columns}
)
st.dataframe(
    table,
    hide_index=True,
    column_config={
        c.removeprefix("wape_"): st.column_config.NumberColumn(format="percent")
        for c in wape_columns
    },
    key="forecast_choices_table",
)
with st.container(horizontal=True, vertical_alignment="bottom"):
    weeks = st.number_input(
        t("forecast.backtest_weeks"),
        min_value=1,
        max_value=26,
        value=4,
        key="forecast_weeks",
        width=180,
    )
    run_backtest = st.button(t("forecast.run_backtest"), key="forecast_run_backtest")
if run_backtest:
    with st.spinner(t("forecast.backtesting")):
        try:
            pooled = pipeline.backtest_pooled(plan.key, int(weeks), plan)
        except StaffingInputError as exc:
            common.show_problems(exc, key="forecast_backtest_problems", loading=False)
        else:
            st.dataframe(
                pooled,
                hide_index=True,
                column_config={
                    "model": t("forecast.col.model"),
                    "mase": st.column_config.NumberColumn(
                        t("forecast.col.mase"), help=t("forecast.col.mase_help"), format="%.2f"
                    ),
                    **{
                        c: st.column_config.NumberColumn(
                            t(f"forecast.col.{c}"),
                            help=t(f"forecast.col.{c}_help"),
                            format="percent",
                        )
                        for c in ("wape", "bias", "coverage_p10_p90", "poisson_floor_wape")
                    },
                },
                key="forecast_backtest_table",
            )

st.subheader(t("forecast.events"))
st.caption(t("forecast.events_help"))
upcoming_first = plan.events.assign(past=plan.events["end"] <= week).sort_values(
    ["past", "start"], ascending=[True, True], kind="stable"
)
edited = st.data_editor(
    upcoming_first[["name", "start", "end", "multiplier"]],
    hide_index=True,
    disabled=["name", "start", "end"],
    column_config={
        "name": t("forecast.event"),
        "start": st.column_config.DatetimeColumn(t("roster.start"), format="YYYY-MM-DD HH:mm"),
        "end": st.column_config.DatetimeColumn(t("roster.end"), format="YYYY-MM-DD HH:mm"),
        "multiplier": st.column_config.NumberColumn(
            t("forecast.multiplier"), min_value=0.0, max_value=50.0, step=0.1
        ),
    },
    placeholder=t("forecast.learned"),
    key="forecast_events_editor",
)
with st.container(horizontal=True):
    if st.button(t("forecast.apply_events"), type="primary", key="forecast_apply_events"):
        multipliers = edited["multiplier"].reindex(plan.events.index).to_numpy()
        overridden = plan.events.assign(multiplier=multipliers)
        # multipliers as events.csv has them are no override: the data in use as it is
        unchanged = overridden["multiplier"].equals(plan.dataset.events["multiplier"])
        pipeline.set_event_overrides(None if unchanged else overridden)
        st.rerun()
    if st.button(t("forecast.reset_events"), key="forecast_reset_events"):
        pipeline.set_event_overrides(None)
        st.session_state.pop("forecast_events_editor", None)  # its edits go too
        st.rerun()
if st.session_state.get(pipeline.EVENTS_KEY) is not None:
    st.caption(t("forecast.overrides_active"))
