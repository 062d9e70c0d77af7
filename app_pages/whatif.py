"""What-if: build scenarios, run them through the pipeline, compare them side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import charts, common, pipeline
from app_pages.i18n import t, translated
from staffing import scenarios as sc
from staffing.errors import StaffingInputError

SCENARIOS_KEY = "whatif_scenarios"  # list of staffing.scenarios.Scenario
RESULTS_KEY = "whatif_comparison"  # Results: ScenarioComparison of the last run
SWEEP_KEY = "whatif_sweep"  # Results: ScenarioComparison of the last service-level sweep
SWEEP_LEVELS = (0.70, 0.80, 0.90, 0.95)
COMPARED = (
    "scenario",
    "volume",
    "cost",
    "shortfall_agent_h",
    "service_level",
    "abandon_rate",
    "queues_below_target",
    "solver_gap",
    "seconds",
)

st.title(t("whatif.title"))
st.caption(t("whatif.intro"))

dataset = common.require_dataset()
week = common.plan_week()
previous = common.previous_roster(week)

# The base: the roster in use when it is this week's and passes the check, else re-planned.
in_use = common.current_run()
if in_use is not None and (in_use.week_start != week or not pipeline.check_run(in_use, dataset).ok):
    in_use = None
base = sc.BASE if in_use is None else sc.Scenario(name="base", reroster=False)
st.caption(t("whatif.base_solved" if in_use is None else "whatif.base_kept"))

channels = sorted({c for c, _ in dataset.queues})
contracts = list(dataset.rules.contracts)
st.subheader(t("whatif.build"))
with st.form("whatif_form", border=True):
    first = st.columns(3)
    name = first[0].text_input(
        t("whatif.name"), value=t("whatif.default_name"), key="whatif_name", max_chars=60
    )
    affected = first[1].multiselect(
        t("whatif.channels"), channels, default=channels, key="whatif_channels"
    )
    volume_pct = first[2].number_input(
        t("whatif.volume"), -90, 1000, 30, step=10, key="whatif_volume"
    )
    second = st.columns(3)
    aht_pct = second[0].number_input(t("whatif.aht"), -50, 200, 0, step=5, key="whatif_aht")
    temps = second[1].number_input(t("whatif.temps"), 0, 500, 0, step=5, key="whatif_temps")
    temp_cost = second[2].number_input(
        t("whatif.temp_cost"), 1.0, 500.0, 35.0, step=1.0, key="whatif_temp_cost"
    )
    keep = st.checkbox(t("whatif.keep"), key="whatif_keep", disabled=in_use is None)
    added = st.form_submit_button(t("whatif.add"), type="primary", key="whatif_add")

scenarios: list[object] = st.session_state.setdefault(SCENARIOS_KEY, [])
if added:
    chosen_channels = affected or channels
    filters = [None] if set(chosen_channels) == set(channels) else chosen_channels
    taken = {s.name for s in scenarios} | {sc.BASE.name}
    if not name.strip() or name.strip() in taken:
        st.error(t("whatif.bad_name", names=", ".join(sorted(taken))), icon="🛑")
    elif keep and temps:
        st.error(t("whatif.keep_temps"), icon="🛑")
    else:
        scenarios.append(
            sc.Scenario(
                name=name.strip(),
                volume=tuple(
                    sc.VolumeChange(multiplier=1 + volume_pct / 100, channel=c)
                    for c in filters
                    if volume_pct
                ),
                aht=tuple(
                    sc.AhtChange(multiplier=1 + aht_pct / 100, channel=c)
                    for c in filters
                    if aht_pct
                ),
                temps=(
                    sc.TempAgents(
                        count=int(temps),
                        tier=1,
                        channels=tuple(chosen_channels),
                        vip_levels=("standard",),
                        hourly_cost=float(temp_cost),
                        contract=contracts[-1],
                    ),
                )
                if temps
                else (),
                reroster=not keep,
            )
        )
        st.session_state.pop(RESULTS_KEY, None)


def changes(items: tuple[object, ...]) -> str:
    """A scenario's changes as the inputs ask for them: ``All +20%, chat -10%``."""
    return ", ".join(f"{c.channel or t('common.all')} {c.multiplier - 1:+.0%}" for c in items)


st.subheader(t("whatif.list"))
if not scenarios:
    st.info(t("whatif.empty"), icon="ℹ️")
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("whatif.name"): [s.name for s in scenarios],
                t("whatif.volume"): [changes(s.volume) for s in scenarios],
                t("whatif.aht"): [changes(s.aht) for s in scenarios],
                t("whatif.temps"): [sum(x.count for x in s.temps) for s in scenarios],
                t("whatif.keeps"): [not s.reroster for s in scenarios],
            }
        ),
        hide_index=True,
        column_config={t("whatif.keeps"): st.column_config.CheckboxColumn(t("whatif.keeps"))},
        key="whatif_list_table",
    )
    with st.container(horizontal=True, vertical_alignment="bottom"):
        removed = st.selectbox(
            t("whatif.remove_which"), [s.name for s in scenarios], key="whatif_remove_choice"
        )
        if st.button(t("whatif.remove"), key="whatif_remove"):
            scenarios[:] = [s for s in scenarios if s.name != removed]
            st.session_state.pop(RESULTS_KEY, None)
            st.rerun()

settings_row = st.columns([1, 1, 1, 2], vertical_alignment="bottom")
limit_s = settings_row[0].number_input(
    t("roster.time_limit"),
    min_value=1,
    max_value=600,
    value=common.time_limit_default(),
    key="whatif_time_limit",
)
run_clicked = settings_row[1].button(
    t("whatif.run"), type="primary", key="whatif_run", disabled=not scenarios
)
sweep_clicked = settings_row[2].button(t("whatif.sweep"), key="whatif_sweep_run")
if settings_row[3].button(t("whatif.clear"), key="whatif_clear", disabled=not scenarios):
    scenarios.clear()
    st.session_state.pop(RESULTS_KEY, None)
    st.session_state.pop(SWEEP_KEY, None)
    st.rerun()

# Results belong to the week, the data and the base they were computed with.
stamp = f"{week:%Y-%m-%d}|{pipeline.context(dataset).key}|{in_use and in_use.run_id}"


@dataclass(frozen=True)
class Results:
    stamp: str
    comparison: Any


def results(key: str) -> tuple[Any, bool]:
    """The comparison kept under ``key`` if it still belongs to this week, data and base,
    and whether one was put away because it does not."""
    kept = st.session_state.get(key)
    if kept is None:
        return None, False
    if kept.stamp != stamp:
        st.session_state.pop(key)
        return None, True
    return kept.comparison, False


def run(work: str) -> object | None:
    kept = [s.name for s in scenarios if not s.reroster]
    if work == "scenarios" and in_use is None and kept:  # nothing to keep: say so, run none
        st.error(
            t("whatif.keep_without_roster", names=", ".join(kept), week=f"{week:%Y-%m-%d}"),
            icon="🛑",
        )
        return None
    plan = pipeline.context(dataset)
    bar = st.progress(0.0, text=t("whatif.preparing"))
    try:
        forecast = pipeline.week_forecast(plan.key, week, plan)
        inputs = sc.PlanInputs.from_dataset(
            dataset,
            forecast,
            events=plan.events,
            roster=None if in_use is None else in_use.roster,
            previous=None if previous is None else previous.roster,
        )
        settings = sc.RunSettings(
            roster_time_limit_s=float(limit_s),
            simulation=pipeline.simulation_config(),
        )

        n_runs = len(SWEEP_LEVELS) if work == "sweep" else 1 + len(scenarios)  # + the base
        state = {"share": 0.0, "since": 0.0, "now": 0.0}
        text = [t("whatif.progress", done=0, total=n_runs)]

        def show(done_total: tuple[int, int]) -> None:
            done, total = done_total
            state.update(share=done / total, since=state["now"])
            text[0] = t("whatif.progress", done=done, total=total)
            bar.progress(state["share"], text=text[0])

        def tick(elapsed_s: float) -> None:  # the running scenario's roster time moves the bar
            state["now"] = elapsed_s
            within = min((elapsed_s - state["since"]) / float(limit_s), 0.95) / n_runs
            bar.progress(min(state["share"] + within, 0.99), text=text[0])

        if work == "sweep":
            sweep = sc.Sweep(parameter="service_level", values=SWEEP_LEVELS)
            job = lambda report: sc.run_sweep(  # noqa: E731
                inputs, sweep, settings, backend="serial", progress=lambda d, n: report((d, n))
            )
        else:
            job = lambda report: sc.run_scenarios(  # noqa: E731
                inputs,
                [base, *scenarios],
                settings,
                backend="serial",
                progress=lambda d, n: report((d, n)),
            )
        result = pipeline.call_in_background(job, show, on_idle=tick)
    except StaffingInputError as exc:
        bar.empty()
        st.error(t("whatif.cannot_run"), icon="🛑")
        common.problems_table(exc, key=f"whatif_problems_{work}")
        return None
    except RuntimeError as exc:  # a roster solve found nothing within its time limit
        bar.empty()
        # the library's message itself (str(exc) would lose what it needs to translate)
        said = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
        st.error(t("roster.failed", message=translated(said)), icon="🛑")
        return None
    bar.empty()
    return result


for clicked, key, work in (
    (run_clicked, RESULTS_KEY, "scenarios"),
    (sweep_clicked, SWEEP_KEY, "sweep"),
):
    if clicked and (outcome := run(work)) is not None:
        st.session_state[key] = Results(stamp=stamp, comparison=outcome)

comparison, stale = results(RESULTS_KEY)
sweep_result, stale_sweep = results(SWEEP_KEY)
if stale or stale_sweep:
    st.info(t("whatif.stale"), icon="ℹ️")
if comparison is not None:
    st.subheader(t("whatif.compare"))
    table = comparison.table
    # a roster kept (the base, or a scenario keeping it) was not solved here: no gap
    shown = table[list(COMPARED)].assign(solver_gap=table["solver_gap"].map(common.percent))
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            "scenario": t("whatif.name"),
            "volume": st.column_config.NumberColumn(t("common.contacts"), format="%,.0f"),
            "cost": st.column_config.NumberColumn(t("whatif.cost"), format="¥%,.0f"),
            "shortfall_agent_h": st.column_config.NumberColumn(
                t("whatif.shortfall_h"), format="%,.1f"
            ),
            "service_level": st.column_config.NumberColumn(t("whatif.service"), format="percent"),
            "abandon_rate": st.column_config.NumberColumn(t("whatif.abandon"), format="percent"),
            "queues_below_target": t("whatif.below_target"),
            "solver_gap": st.column_config.TextColumn(t("whatif.gap"), help=t("whatif.gap_help")),
            "seconds": st.column_config.NumberColumn(t("whatif.seconds"), format="%.0f"),
        },
        key="whatif_compare_table",
    )
    if not table["rerostered"].all():
        st.caption(t("whatif.gap_help"))
    sl_columns = [c for c in table.columns if c.startswith("sl_")]
    per_queue = table.set_index("scenario")[sl_columns].T
    per_queue.index = [c.removeprefix("sl_").replace("_", " / ", 1) for c in sl_columns]
    st.plotly_chart(charts.scenario_service(per_queue), key="whatif_service_chart")
scenario_points = None
if comparison is not None:
    scenario_points = comparison.table.rename(columns={"scenario": "label"})
sweep_points = None
if sweep_result is not None:
    sweep_points = sweep_result.table.assign(
        label=[f"SL {v:.0%}" for v in sweep_result.table["value"]]
    )
if scenario_points is not None or sweep_points is not None:
    st.plotly_chart(
        charts.cost_service_curve(scenario_points, sweep_points), key="whatif_curve_chart"
    )
