"""Export: download the roster in every format, publish it to the plan store, reopen plans."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages import common, pipeline
from app_pages.i18n import t
from staffing import export, store
from staffing.errors import StaffingInputError

st.title(t("export.title"))
st.caption(t("export.intro"))

run = common.current_run()


@st.cache_data(show_spinner=False, max_entries=8)
def export_files(
    key: str, _run: common.RosterRun, _checked: pipeline.CheckedRun, _dataset: Any
) -> dict[str, bytes]:
    coverage = _checked.coverage
    interval_minutes = _dataset.rules.interval_minutes
    summary = export.PlanSummary(
        labour_cost=_checked.check.cost,
        shortfall_agent_h=common.agent_hours(coverage["shortfall"].sum(), interval_minutes),
        solver_gap=_run.gap,
        services=common.queue_services(_run.simulation),
    )
    return {
        "csv": export.roster_csv(_run.roster),
        "xlsx": export.roster_workbook(
            _run.roster,
            coverage=None if coverage.empty else coverage,
            agents=_dataset.agents,
            summary=summary,
            interval_minutes=interval_minutes,
        ),
        "ics": export.calendars_zip(_run.roster, agents=_dataset.agents),
    }


checked = None
if run is None:
    st.info(t("export.none"), icon="ℹ️")
elif (dataset := common.load_current().dataset) is None:
    # Without valid data the roster cannot be checked, so nothing is offered for download;
    # the versions below stay listed so a planner can still see and reopen them.
    st.warning(t("common.no_data"), icon="⚠️")
else:
    checked = pipeline.check_run(run, dataset)
    if common.show_check(checked, key="export_check"):
        files = export_files(f"{run.run_id}|{pipeline.context(dataset).key}", run, checked, dataset)
        week = f"{run.week_start:%Y-%m-%d}"
        columns = st.columns(3)
        columns[0].download_button(
            t("export.csv"), files["csv"], f"roster_{week}.csv", "text/csv", key="export_csv"
        )
        columns[1].download_button(
            t("export.xlsx"),
            files["xlsx"],
            f"roster_{week}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="export_xlsx",
            type="primary",
        )
        columns[2].download_button(
            t("export.ics"),
            files["ics"],
            f"calendars_{week}.zip",
            "application/zip",
            key="export_ics",
        )


def store_problem(error: StaffingInputError, key: str) -> None:
    """Why the plan store cannot be used, with the fix (the downloads do not need it)."""
    st.error(t("export.store_failed"), icon="🛑")
    common.problems_table(error, key=key)


try:
    plans = common.plan_store(common.store_location())
except StaffingInputError as exc:  # say a bad path or an unreachable server
    st.subheader(t("export.versions"))
    store_problem(exc, key="export_store_problems")
    st.stop()
if run is not None and checked is not None and checked.ok:
    st.subheader(t("export.publish"))
    with st.form("export_publish_form", border=False):
        name = st.text_input(
            t("export.publish_name"),
            value=t("export.default_name", week=f"{run.week_start:%Y-%m-%d}"),
            key="export_name",
        )
        with st.container(horizontal=True):
            publish = st.form_submit_button(
                t("export.publish"), type="primary", key="export_publish"
            )
            save = st.form_submit_button(t("export.save_plan"), key="export_save_plan")
    try:
        if publish:
            info = plans.publish(
                week_start=run.week_start.date(),
                roster=run.roster,
                coverage=checked.coverage,
                kpis=common.run_kpis(run, checked, dataset.rules.interval_minutes),
                name=name.strip() or None,
            )
            st.success(t("export.published", name=info.name, version=info.version), icon="✅")
        if save:
            info = plans.save(
                store.EntryKind.PLAN,
                name.strip() or t("export.default_name", week=f"{run.week_start:%Y-%m-%d}"),
                week_start=run.week_start.date(),
                frames={"roster": run.roster, "coverage": checked.coverage},
                kpis=common.run_kpis(run, checked, dataset.rules.interval_minutes),
            )
            st.success(t("export.saved", name=info.name, version=info.version), icon="💾")
    except StaffingInputError as exc:  # say the store is busy or went away
        store_problem(exc, key="export_save_problems")

st.subheader(t("export.versions"))
try:
    entries = [
        *plans.entries(store.EntryKind.PUBLISHED),
        *plans.entries(store.EntryKind.PLAN),
    ]
except StaffingInputError as exc:
    store_problem(exc, key="export_list_problems")
    st.stop()
if not entries:
    st.caption(t("export.no_versions"))
    st.stop()
kinds = {
    store.EntryKind.PUBLISHED: t("export.kind.published"),
    store.EntryKind.PLAN: t("export.kind.plan"),
}
table = pd.DataFrame(
    {
        t("export.col.kind"): [kinds[i.kind] for i in entries],
        t("export.col.name"): [i.name for i in entries],
        t("export.col.version"): [i.version for i in entries],
        t("common.week"): [i.week_start for i in entries],
        t("export.col.created"): [f"{i.created_at:%Y-%m-%d %H:%M}" for i in entries],
        t("roster.kpi.cost"): [common.money(i.kpis.get("labour_cost", 0.0)) for i in entries],
        t("roster.kpi.shortfall"): [common.stored_shortfall_h(i.kpis) for i in entries],
    }
)
st.dataframe(
    table,
    hide_index=True,
    column_config={t("roster.kpi.shortfall"): st.column_config.NumberColumn(format="%,.1f")},
    key="export_versions_table",
)
choices = {f"{kinds[i.kind]}: {i.name} · v{i.version}": i for i in entries}
chosen = st.selectbox(t("export.reopen_which"), list(choices), key="export_reopen_choice")
if st.button(t("export.reopen"), key="export_reopen"):
    entry = choices[chosen]
    try:
        opened = plans.open(entry.kind, entry.name, entry.version)
    except StaffingInputError as exc:
        store_problem(exc, key="export_open_problems")
        st.stop()
    common.set_run(common.run_from_store(opened))
    st.success(t("export.reopened", name=entry.name, version=entry.version), icon="📂")
