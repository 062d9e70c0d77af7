"""Roster: generate in one click with live progress, then Gantt, coverage, KPIs, pins."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from app_pages import charts, common, pipeline
from app_pages.i18n import language, t, translated
from staffing.errors import StaffingInputError

GANTT_DAY_KEY = "roster_gantt_day"  # the day the Gantt chart shows
PIN_BOX_KEY = "roster_pin_box"  # whether "Pin shifts and re-plan" is open (per language too)
PINS_KEY = "roster_pins"  # (run id, {(agent_id, date)}): the shifts ticked to pin
PIN_DAYS_KEY = "roster_pin_days"  # the days the pin table is filtered to
SIMULATED = (
    "channel",
    "vip_level",
    "target_service_level",
    "service_level",
    "asa_s",
    "abandon_rate",
    "occupancy",
    "meets_target",
)
#: the shortfall's reasons (data in the result and its files) as the page says them
REASONS = {
    "no eligible agent": "roster.reason.no_eligible_agent",
    "closed hours": "roster.reason.closed_hours",
    "no allowed shift": "roster.reason.no_allowed_shift",
    "not enough hours": "roster.reason.not_enough_hours",
}

st.title(t("roster.title"))
st.caption(t("roster.intro"))

dataset = common.require_dataset()
week = common.plan_week()
previous = common.previous_roster(week)


def generate(pins: tuple[object, ...] = (), published: pd.DataFrame | None = None) -> bool:
    """Solve and simulate the planning week; False (the problem shown) when no roster came."""
    bar = st.progress(0.0, text=t("roster.progress_start"))
    limit_s = float(st.session_state.get("roster_time_limit", common.time_limit_default()))
    shown_text = [t("roster.progress_start")]

    def tick(elapsed_s: float) -> None:  # between the solver's reports: time moves the bar
        bar.progress(min(elapsed_s / max(limit_s, 1.0), 0.99), text=shown_text[0])

    def show(point: object) -> None:
        shown = {"stage": point.stage, "elapsed": point.elapsed_s}
        if point.objective is None:  # no whole roster yet: the bound alone
            key = "roster.progress_bound"
            shown["bound"] = f"{float(point.bound) / pipeline.MONEY_UNITS:,.0f}"
        else:
            key = "roster.progress"
            objective = float(point.objective)
            gap = (objective - float(point.bound)) / objective if objective > 0 else 0.0
            shown["objective"] = f"{objective / pipeline.MONEY_UNITS:,.0f}"
            shown["gap"] = common.percent(gap)
        shown_text[0] = t(key, **shown)
        tick(point.elapsed_s)

    try:
        plan = pipeline.context(dataset)
        requirements = pipeline.week_requirements(plan.key, week, plan)
        result = pipeline.solve(
            dataset,
            requirements,
            time_limit_s=limit_s,
            on_progress=show,
            on_idle=tick,
            pins=pins,
            published=published,
            previous=None if previous is None else previous.roster,
        )
    except StaffingInputError as exc:
        bar.empty()
        st.error(t("roster.infeasible"), icon="🛑")
        common.problems_table(exc, key="roster_problems")
        return False
    except RuntimeError as exc:  # the solver ran out of time before a first solution
        bar.empty()
        # the message as raised (a library message keeps its translation; str() loses it)
        said = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
        st.error(t("roster.failed", message=translated(said)), icon="🛑")
        return False
    bar.progress(0.99, text=t("roster.simulating"))
    forecast = pipeline.week_forecast(plan.key, week, plan)
    simulation = pipeline.simulate(result.roster, forecast, dataset.targets)
    bar.empty()
    common.set_run(pipeline.run_of(result, week, simulation))
    return True


def pinned_shifts(run_id: str) -> set[tuple[str, pd.Timestamp]]:
    """The (agent, day) of the shifts ticked to pin in this roster (none for another)."""
    kept = st.session_state.get(PINS_KEY)
    return set(kept[1]) if kept is not None and kept[0] == run_id else set()


def pin_and_replan(
    run: common.RosterRun,
    shifts: pd.DataFrame,
    names: dict[str, str],
    days: list[pd.Timestamp],
) -> None:
    """Tick shifts to keep, found by agent and day, then re-plan the rest; ticks are kept
    while the filter changes."""
    st.caption(t("roster.pin_help"))
    pinned_keys = pinned_shifts(run.run_id)
    table = shifts[["agent_id", "date", "start", "end", "channels"]]
    keys = pd.MultiIndex.from_frame(table[["agent_id", "date"]])
    table = table.assign(pinned=keys.isin(list(pinned_keys)))
    with st.container(horizontal=True):
        agent_ids = sorted(table["agent_id"].unique())
        chosen_agents = st.multiselect(
            t("roster.pin_agents"),
            agent_ids,
            format_func=lambda a: f"{a} {names[a]}" if names.get(a) else a,
            key="roster_pin_agents",
            placeholder=t("roster.pin_all_agents"),
        )
        # one box per language, as for the Gantt's day; the chosen days carry over
        chosen_days = st.multiselect(
            t("roster.pin_days"),
            days,
            default=[d for d in st.session_state.get(PIN_DAYS_KEY, []) if d in days],
            format_func=common.day_label,
            key=f"{PIN_DAYS_KEY}_{language()}",
            placeholder=t("roster.pin_all_days"),
        )
        st.session_state[PIN_DAYS_KEY] = chosen_days
    shown_rows = table[
        table["agent_id"].isin(chosen_agents or agent_ids) & table["date"].isin(chosen_days or days)
    ]
    st.caption(t("roster.pin_shown", shown=len(shown_rows), total=len(table)))
    # The rows keep their place in the whole table as their index, so another filter is
    # another editor (ticks never slide onto other rows); ticks are kept per shift below.
    edited = st.data_editor(
        shown_rows,
        hide_index=True,
        disabled=["agent_id", "date", "start", "end", "channels"],
        column_config={
            "pinned": st.column_config.CheckboxColumn(t("roster.pinned")),
            "agent_id": t("roster.agent"),
            "date": st.column_config.DateColumn(t("common.day")),
            "start": st.column_config.DatetimeColumn(t("roster.start"), format="HH:mm"),
            "end": st.column_config.DatetimeColumn(t("roster.end"), format="HH:mm"),
            "channels": t("common.channel"),
        },
        key=f"roster_pin_editor_{run.run_id}",  # a new roster starts without ticks
        height=320,
    )
    shown_keys = pd.MultiIndex.from_frame(shown_rows[["agent_id", "date"]])
    ticked = edited.loc[edited["pinned"], ["agent_id", "date"]]
    pinned_keys = (pinned_keys - set(shown_keys)) | set(ticked.itertuples(index=False, name=None))
    st.session_state[PINS_KEY] = (run.run_id, pinned_keys)
    pinned = table[keys.isin(list(pinned_keys))]
    replan = st.button(
        t("roster.replan_n", n=len(pinned)), key="roster_replan", disabled=pinned.empty
    )
    from staffing.roster.problem import pins_of

    if replan and generate(pins=pins_of(pinned), published=run.roster):
        st.rerun()


with st.container(horizontal=True, vertical_alignment="bottom"):
    st.number_input(
        t("roster.time_limit"),
        min_value=1,
        max_value=3600,
        value=common.time_limit_default(),
        step=5,
        key="roster_time_limit",
        width=220,
    )
    clicked = st.button(t("roster.generate"), type="primary", key="roster_generate")
if previous is None:
    st.caption(t("roster.previous_none", week=f"{week - pd.Timedelta(days=7):%Y-%m-%d}"))
else:
    st.caption(
        t(
            "roster.previous",
            week=f"{previous.week_start:%Y-%m-%d}",
            name=previous.name,
            version=previous.version,
        )
    )
if clicked:
    generate()

run = common.current_run()
if run is None:
    st.info(t("roster.none"), icon="ℹ️")
    st.stop()
if run.week_start != week:
    st.warning(
        t("roster.other_week", shown=f"{run.week_start:%Y-%m-%d}", week=f"{week:%Y-%m-%d}"),
        icon="⚠️",
    )
checked = pipeline.check_run(run, dataset)
if not common.show_check(checked, key="roster_check"):
    st.stop()
check = checked.check
coverage_all = checked.coverage
shortfall = int(coverage_all["shortfall"].sum())
notes: list[str] = []
if run.result is not None:
    notes = list(run.result.notes)
    if run.result.lower_bound <= 0 < run.result.objective and not notes:
        notes.append(t("roster.no_bound"))
if run.origin == "store":
    st.success(
        t("roster.reopened", week=f"{run.week_start:%Y-%m-%d}", cost=common.money(check.cost)),
        icon="✅",
    )
else:
    figures = {"elapsed": run.elapsed_s, "cost": common.money(check.cost)}
    if notes:  # say the relaxation did not finish: the gap then says little
        listed = "\n".join(f"- {translated(note)}" for note in notes)
        st.warning(f"{t('roster.done_notes', **figures)}\n\n{listed}", icon="⚠️")
    else:
        st.success(t("roster.done", **figures, gap=common.percent(run.gap)), icon="✅")
shifts = pipeline.shifts_table(run.run_id, run.roster)
required = int(coverage_all["required"].sum())
with st.container(horizontal=True):  # each as wide as its label; onto a second row if need be
    st.metric(t("roster.kpi.cost"), common.money(check.cost))
    shortfall_h = common.agent_hours(shortfall, dataset.rules.interval_minutes)
    st.metric(t("roster.kpi.shortfall"), f"{shortfall_h:,.1f}")
    st.metric(
        t("roster.kpi.coverage"),
        common.percent(1 - shortfall / required if required else None),
    )
    st.metric(t("roster.kpi.agents"), shifts["agent_id"].nunique())
    st.metric(t("roster.kpi.shifts"), len(shifts))
    st.metric(t("roster.kpi.gap"), common.percent(run.gap))
if check.n_preferences:
    met = check.n_preferences - len(check.unmet_preferences)
    st.caption(f"🙋 {t('roster.preferences', met=met, asked=check.n_preferences)}")
st.caption(f"✔️ {t('roster.check_ok')}")

days = [pd.Timestamp(d) for d in sorted(run.roster["date"].unique())]
with st.container(horizontal=True):
    # One box per language: with a single key the browser kept showing the chosen day in the
    # language it was picked in. The chosen day itself carries over.
    shown = st.session_state.get(GANTT_DAY_KEY)
    chosen_day = st.selectbox(
        t("roster.gantt_day"),
        days,
        index=days.index(shown) if shown in days else 0,
        format_func=common.day_label,
        key=f"{GANTT_DAY_KEY}_{language()}",
        width=220,
    )
    st.session_state[GANTT_DAY_KEY] = chosen_day
    channels = sorted(c for c in run.roster["channel"].unique() if c)
    chosen_channels = st.multiselect(
        t("roster.gantt_channels"), channels, default=channels, key="roster_gantt_channels"
    )
day_blocks = run.roster[run.roster["date"] == chosen_day]
agents_shown = day_blocks.loc[day_blocks["channel"].isin(chosen_channels), "agent_id"].unique()
names = {a.agent_id: a.name for a in dataset.agents}
st.plotly_chart(
    charts.roster_gantt(day_blocks[day_blocks["agent_id"].isin(agents_shown)], names),
    key="roster_gantt_chart",
)

queues = coverage_all[["channel", "vip_level"]].drop_duplicates()
queue_labels = {
    common.queue_label(q.channel, q.vip_level): (q.channel, q.vip_level)
    for q in queues.itertuples(index=False)
}
if queue_labels:
    chosen_queue = st.selectbox(t("common.queue"), list(queue_labels), key="roster_coverage_queue")
    channel, vip_level = queue_labels[chosen_queue]
    coverage = coverage_all[
        (coverage_all["channel"] == channel) & (coverage_all["vip_level"] == vip_level)
    ]
    st.plotly_chart(
        charts.coverage_chart(coverage, f"{t('roster.coverage')}: {chosen_queue}"),
        key="roster_coverage_chart",
    )

if run.result is not None and not run.result.shortfall.empty:
    # where and why coverage falls short; the reasons stay as they are in the result's frame
    st.subheader(t("roster.shortfall_title"))
    reasons = run.result.shortfall
    st.dataframe(
        reasons.assign(reason=[t(REASONS[r]) if r in REASONS else r for r in reasons["reason"]]),
        hide_index=True,
        column_config={
            "channel": t("common.channel"),
            "vip_level": t("common.vip_level"),
            "reason": t("roster.reason"),
            "shortfall_agent_hours": st.column_config.NumberColumn(
                t("roster.kpi.shortfall"), format="%,.1f"
            ),
            "n_intervals": t("roster.shortfall_intervals"),
            "first_interval": st.column_config.DatetimeColumn(
                t("roster.shortfall_first"), format="YYYY-MM-DD HH:mm"
            ),
            "last_interval": st.column_config.DatetimeColumn(
                t("roster.shortfall_last"), format="YYYY-MM-DD HH:mm"
            ),
        },
        key="roster_shortfall_table",
    )

if run.simulation is None and run.origin == "store":  # reopened: simulated once, then kept
    try:
        with st.spinner(t("roster.simulating")):
            plan = pipeline.context(dataset)
            forecast = pipeline.week_forecast(plan.key, run.week_start, plan)
            run = dataclasses.replace(
                run, simulation=pipeline.simulate(run.roster, forecast, dataset.targets)
            )
        common.set_run(run)
    except StaffingInputError:  # that week cannot be forecast from the history in use
        st.caption(t("roster.cannot_simulate", week=f"{run.week_start:%Y-%m-%d}"))
if run.simulation is not None:
    st.subheader(t("roster.simulated_title"))
    overall = run.simulation.overall_service_level()
    st.caption(t("roster.simulated", service=common.percent(overall)))
    totals = run.simulation.totals
    st.dataframe(
        totals[list(SIMULATED)],
        hide_index=True,
        column_config={
            "channel": t("common.channel"),
            "vip_level": t("common.vip_level"),
            "target_service_level": st.column_config.NumberColumn(
                t("roster.sim.target"), format="percent"
            ),
            "service_level": st.column_config.NumberColumn(t("roster.sim.sl"), format="percent"),
            "asa_s": st.column_config.NumberColumn(t("roster.sim.asa"), format="%.0f"),
            "abandon_rate": st.column_config.NumberColumn(t("whatif.abandon"), format="percent"),
            "occupancy": st.column_config.NumberColumn(t("roster.sim.occupancy"), format="percent"),
            "meets_target": st.column_config.CheckboxColumn(t("roster.sim.meets")),
        },
        key="roster_simulation_table",
    )
if run.week_start != week:  # re-planning plans the sidebar's week
    st.stop()
# The box's own state is tied to its label, so it is kept here too: it stays open while the
# planner ticks shifts, and when the language (so the label) changes.
pin_box = st.expander(
    t("roster.pin"),
    expanded=st.session_state.get(PIN_BOX_KEY, False),
    key=f"{PIN_BOX_KEY}_{language()}",
    on_change="rerun",
)
st.session_state[PIN_BOX_KEY] = pin_box.open
if pin_box.open:
    with pin_box:
        pin_and_replan(run, shifts, names, days)
