"""The app through Streamlit's AppTest: every page renders, and the planner's main flows work.

The app reads a small data set (the sample with only the last weeks of history and fewer
agents) through STAFFING_APP_DATA, and the solver gets a short time limit, so the whole file
runs in well under a minute or two on 2 cores.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # app_pages is imported as `streamlit run` would (script dir)
    sys.path.insert(0, str(ROOT))
PAGES = (
    "app_pages/data.py",
    "app_pages/forecast.py",
    "app_pages/requirements.py",
    "app_pages/roster.py",
    "app_pages/whatif.py",
    "app_pages/export.py",
)
TIMEOUT_S = 240
SOLVER_TIME_LIMIT_S = 20
#: a plan store that cannot be opened (a folder under /proc cannot be made)
UNREACHABLE_STORE = "/proc/nope/plans.sqlite"
#: the what-if test's rosters (and the one it keeps): only costs and volumes are compared
WHATIF_TIME_LIMIT_S = 6


def needs(module: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Skip a flow until the library module it drives has landed."""
    try:
        importlib.import_module(module)
    except ImportError as exc:
        return pytest.mark.skip(reason=f"{module} is not available yet ({exc})")
    return lambda test: test


@pytest.fixture(scope="module")
def app_data(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample folder with ten weeks of history (enough to forecast, fast to read)."""
    out = tmp_path_factory.mktemp("app_data")
    for path in sample_dir.iterdir():
        if path.name != "history.csv":
            shutil.copy(path, out / path.name)
    lines = (sample_dir / "history.csv").read_text(encoding="utf-8").splitlines()
    keep = [line for line in lines[1:] if line >= "2026-09-14"]
    (out / "history.csv").write_text("\n".join([lines[0], *keep]) + "\n", encoding="utf-8")
    return out


@pytest.fixture
def app(app_data: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("STAFFING_APP_DATA", str(app_data))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success, *at.warning)]
    parts += [e.value for e in (*at.title, *at.subheader, *at.header, *at.error)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(app: AppTest, page: str) -> None:
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title, f"{page} shows no title"
    assert not app.error, [e.value for e in app.error]
    assert "Traceback" not in texts(app)


@needs("staffing.dataset")
def test_data_page_loads_the_sample_and_reports_it_valid(app: AppTest) -> None:
    assert not app.error, [e.value for e in app.error]
    assert any("valid" in s.value for s in app.success)
    assert app.metric


def test_switch_language_to_chinese_and_back(app: AppTest) -> None:
    app.radio(key="app_language").set_value("zh").run()
    assert not app.exception
    assert app.title[0].value == "数据"
    assert "数据来源" in [r.label for r in app.radio]
    app.switch_page("app_pages/roster.py").run()
    assert app.title[0].value == "排班"
    app.radio(key="app_language").set_value("en").run()
    assert app.title[0].value == "Roster"


def tiny_run() -> object:
    """A hand-made valid roster (one agent, one shift with a break) as the session's roster."""
    from app_pages.common import RosterRun

    day = pd.Timestamp("2026-11-23")
    times = [("08:00", "10:00", "work"), ("10:00", "10:15", "break"), ("10:15", "12:00", "work")]
    roster = pd.DataFrame(
        {
            "agent_id": "A0001",
            "date": day,
            "start": [day + pd.Timedelta(f"{a}:00") for a, _, _ in times],
            "end": [day + pd.Timedelta(f"{b}:00") for _, b, _ in times],
            "activity": [k for _, _, k in times],
            "channel": ["phone" if k == "work" else "" for _, _, k in times],
            "vip_level": ["standard" if k == "work" else "" for _, _, k in times],
        }
    )
    starts = pd.date_range(day + pd.Timedelta(hours=8), periods=16, freq="15min")
    scheduled = [1] * 8 + [0] + [1] * 7
    coverage = pd.DataFrame(
        {
            "interval_start": starts,
            "channel": "phone",
            "vip_level": "standard",
            "required": 1,
            "scheduled": scheduled,
            "shortfall": [1 - s for s in scheduled],
        }
    )
    return RosterRun(
        run_id="tiny",
        week_start=day,
        roster=roster,
        coverage=coverage,
        labour_cost=123.0,
        shortfall=1,
        gap=0.0,
    )


def test_a_roster_that_breaks_the_rules_is_neither_shown_nor_exported(app: AppTest) -> None:
    """A session roster with one 4-hour shift: every agent of the data in use is below their
    weekly hours and days, so both pages list the violations and offer nothing."""
    app.session_state["roster_run"] = tiny_run()
    app.switch_page("app_pages/roster.py").run()
    assert not app.exception, app.exception
    assert app.error and "breaks" in app.error[0].value
    violations = app.dataframe[0].value
    assert {"Weekly paid hours", "Days per week by contract"} <= set(violations["rule"])
    assert not app.get("plotly_chart") and not app.metric
    app.switch_page("app_pages/export.py").run()
    assert not app.exception, app.exception
    assert app.error and "breaks" in app.error[0].value
    assert not app.get("download_button")
    assert not [b for b in app.button if b.key == "export_publish"]


def test_the_rules_a_roster_breaks_read_in_chinese(app: AppTest) -> None:
    """In Chinese, the violations table names each rule and what is wrong in Chinese: the
    validator's messages, translated on the page."""
    app.radio(key="app_language").set_value("zh").run()
    app.session_state["roster_run"] = tiny_run()
    app.switch_page("app_pages/roster.py").run()
    assert not app.exception, app.exception
    assert app.error and "违反" in app.error[0].value
    violations = app.dataframe[0].value
    assert {"每周带薪工时", "合同规定的每周天数"} <= set(violations["rule"])
    hours = violations[(violations["rule"] == "每周带薪工时") & (violations["agent_id"] == "A0001")]
    (detail,) = hours["detail"]
    assert detail.startswith("从 2026-11-23 开始的一周带薪 4 小时；该坐席每周工作 36 到 44 小时")
    assert not any("paid hours" in d or "works" in d for d in violations["detail"])
    app.radio(key="app_language").set_value("en").run()
    violations = app.dataframe[0].value
    assert "Weekly paid hours" in set(violations["rule"])
    assert any(
        d.startswith("4 paid hours in the week from 2026-11-23") for d in violations["detail"]
    )


@pytest.fixture(scope="module")
def slice_data(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small slice of the center: 30 agents and 15% of the contacts (seeded thinning)."""
    from e2e.small_center import write_small_center

    return write_small_center(sample_dir, tmp_path_factory.mktemp("slice"))


@pytest.fixture
def slice_app(slice_data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    monkeypatch.setenv("STAFFING_APP_DATA", str(slice_data))
    monkeypatch.setenv("STAFFING_APP_TIME_LIMIT_S", str(SOLVER_TIME_LIMIT_S))
    monkeypatch.setenv("STAFFING_STORE", str(tmp_path / "plans.sqlite"))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception, at.exception
    return at


def publish_sunday_late_shifts(data: Path, week_start: str, n_agents: int) -> list[str]:
    """Publish, for the week before ``week_start``, a roster where the first agents of
    agents.csv worked Sunday 16:00-24:00; their ids."""
    from staffing.store import Store, default_location

    agents = pd.read_csv(data / "agents.csv", dtype=str).head(n_agents)
    sunday = pd.Timestamp(week_start) - pd.Timedelta(days=1)
    roster = pd.DataFrame(
        {
            "agent_id": agents["agent_id"],
            "date": sunday,
            "start": sunday + pd.Timedelta(hours=16),
            "end": sunday + pd.Timedelta(hours=24),
            "activity": "work",
            "channel": agents["channels"].str.split(";").str[0],
            "vip_level": agents["vip_levels"].str.split(";").str[0],
        }
    )
    week_before = (pd.Timestamp(week_start) - pd.Timedelta(days=7)).date()
    Store(default_location()).publish(week_start=week_before, roster=roster)
    return list(agents["agent_id"])


@needs("staffing.roster.solve")
def test_generate_roster_in_one_click_then_pin_and_replan(
    slice_app: AppTest, slice_data: Path
) -> None:
    """The week before has a published roster (some agents worked late on Sunday): the
    roster page says so and their Monday starts after 11 h of rest."""
    app = slice_app
    app.switch_page("app_pages/roster.py").run()
    assert "No roster is published for the week of 2026-11-16" in texts(app)
    late = publish_sunday_late_shifts(slice_data, "2026-11-23", n_agents=10)
    app.run()
    assert (
        "carry over from the roster published for the week of 2026-11-16 "
        "(roster 2026-11-16, version 1)" in texts(app)
    )
    app.button(key="roster_generate").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    run = app.session_state["roster_run"]
    assert not run.roster.empty and set(run.roster["activity"]) >= {"work"}
    monday = run.roster[run.roster["date"] == pd.Timestamp("2026-11-23")]
    starts = monday[monday["agent_id"].isin(late)].groupby("agent_id")["start"].min()
    assert (starts >= pd.Timestamp("2026-11-23 11:00")).all()
    assert (monday.groupby("agent_id")["start"].min() < pd.Timestamp("2026-11-23 11:00")).any()
    assert run.result.check.ok
    assert {m.label for m in app.metric} >= {"Labour cost", "Shifts", "Optimality gap"}
    assert len(app.get("plotly_chart")) >= 2  # Gantt and coverage
    assert any("Roster ready" in s.value for s in app.success)
    a_rough_roster_is_flagged_not_green(app, run)
    notes_and_shortfall_reasons_read_in_chinese(app, run)
    wednesday = pd.Timestamp("2026-11-25")
    app.selectbox(key="roster_gantt_day_en").set_value(wednesday).run()
    app.radio(key="app_language").set_value("zh").run()
    # a box of its own per language, so the browser shows the day in the language in use
    day = app.selectbox(key="roster_gantt_day_zh")
    assert day.value == wednesday and "2026-11-25 周三" in day.options  # kept, translated
    friday = pd.Timestamp("2026-11-27")
    with pytest.MonkeyPatch.context() as patch:
        # AppTest formats the chosen day in the test's thread, which has no sidebar
        # language: give it the one the page was drawn in.
        patch.setattr("app_pages.i18n.DEFAULT_LANGUAGE", "zh")
        day.set_value(friday).run()
        app.radio(key="app_language").set_value("en").run()
    assert app.selectbox(key="roster_gantt_day_en").value == friday  # the day picked last

    shifts = run.roster.groupby(["agent_id", "date"]).agg(
        start=("start", "min"), end=("end", "max")
    )
    shifts = shifts.reset_index()
    pinned = pin_two_shifts_through_the_filters(app, run, shifts)
    app.button(key="roster_replan").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    again = app.session_state["roster_run"]
    assert again.run_id != run.run_id
    for _, kept in pinned.iterrows():
        shift = again.roster[
            (again.roster["agent_id"] == kept["agent_id"]) & (again.roster["date"] == kept["date"])
        ]
        assert (shift["start"].min(), shift["end"].max()) == (kept["start"], kept["end"])

    app.switch_page("app_pages/export.py").run()
    assert not app.exception, app.exception
    assert len(app.get("download_button")) == 3
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STAFFING_STORE", UNREACHABLE_STORE)
        app.run()  # the plan store went away: the downloads need none
        assert not app.exception, app.exception
        assert len(app.get("download_button")) == 3
        assert any("plan store cannot be used" in e.value for e in app.error)
        assert not [b for b in app.button if b.key == "export_publish"]
    app.run()
    publish_save_and_reopen(app, again)
    leave_covering_a_shift_makes_the_roster_invalid(app, slice_data, again)


def pin_two_shifts_through_the_filters(app: AppTest, run: Any, shifts: pd.DataFrame) -> Any:
    """The planner opens *Pin shifts and re-plan*, ticks a shift of one agent, then one of
    another day: the box stays open through every rerun and the first tick is kept while
    the table shows other shifts. The two shifts pinned."""

    def pin_box() -> Any:
        (box,) = [e for e in app.expander if e.label == "Pin shifts and re-plan"]
        return box

    def tick_first_row() -> None:
        app.session_state[f"roster_pin_editor_{run.run_id}"] = {
            "edited_rows": {0: {"pinned": True}},
            "added_rows": [],
            "deleted_rows": [],
        }
        app.run()
        assert not app.exception, app.exception

    assert not app.data_editor  # closed: nothing to tick yet
    app.session_state["roster_pin_box"] = True  # the planner opens it
    app.run()
    agent = shifts["agent_id"].iloc[0]
    app.multiselect(key="roster_pin_agents").set_value([agent]).run()
    mine = shifts[shifts["agent_id"] == agent]
    assert list(app.data_editor[0].value["agent_id"]) == list(mine["agent_id"])
    assert f"Showing {len(mine)} of {len(shifts)} shifts" in texts(app)
    tick_first_row()
    assert pin_box().proto.expanded  # still open after the tick's rerun
    assert app.button(key="roster_replan").label == "Re-plan keeping 1 pinned shifts"

    app.multiselect(key="roster_pin_agents").set_value([]).run()
    day = shifts.loc[shifts["date"] != mine["date"].iloc[0], "date"].iloc[0]
    app.multiselect(key="roster_pin_days_en").set_value([day]).run()
    assert pin_box().proto.expanded
    others = shifts[shifts["date"] == day]
    shown = app.data_editor[0].value
    assert list(shown["agent_id"]) == list(others["agent_id"]) and not shown["pinned"].any()
    tick_first_row()
    assert pin_box().proto.expanded
    assert app.button(key="roster_replan").label == "Re-plan keeping 2 pinned shifts"
    app.radio(key="app_language").set_value("zh").run()
    (box,) = [e for e in app.expander if e.label == "锁定班次并重新排班"]
    assert box.proto.expanded  # the language changed, the box stays open
    with pytest.MonkeyPatch.context() as patch:  # the Gantt's day, as the page draws it
        patch.setattr("app_pages.i18n.DEFAULT_LANGUAGE", "zh")
        app.radio(key="app_language").set_value("en").run()
    assert pin_box().proto.expanded
    assert app.button(key="roster_replan").label == "Re-plan keeping 2 pinned shifts"
    app.multiselect(key="roster_pin_days_en").set_value([]).run()
    assert app.data_editor[0].value["pinned"].sum() == 2  # both ticks, in the whole table
    return pd.concat([mine.iloc[:1], others.iloc[:1]])


def a_rough_roster_is_flagged_not_green(app: AppTest, run: Any) -> None:
    """A roster whose result has notes (the relaxation did not finish), or no lower bound,
    ends in a warning with the notes instead of a green 'Roster ready ... gap 100%'."""
    import dataclasses

    note = "the shift-count relaxation did not finish in the 12 s it may take"
    for notes, expected in (((note,), note), ((), "found no lower bound")):
        result = dataclasses.replace(run.result, notes=notes, lower_bound=0.0, gap=1.0)
        app.session_state["roster_run"] = dataclasses.replace(run, result=result, gap=1.0)
        app.run()
        assert not app.exception, app.exception
        assert not any("Roster ready" in s.value for s in app.success)
        (warning,) = app.warning
        assert "read these notes before using it" in warning.value and expected in warning.value
    app.session_state["roster_run"] = run
    app.run()


def notes_and_shortfall_reasons_read_in_chinese(app: AppTest, run: Any) -> None:
    """In Chinese, the solver's notes and why coverage falls short read in Chinese; the
    result's frame keeps its reasons as data."""
    import dataclasses

    from staffing.i18n import msg
    from staffing.roster.solve import SHORTFALL_COLUMNS

    note = msg(  # as the solver words it (staffing/roster/solve.py)
        "the shift-count relaxation did not finish in the {seconds:.0f} s it may take (60% "
        "of the time limit); a coarser one (coverage per two hours) did, so the lower bound "
        "is weaker and the planned week rougher; raise the time limit",
        seconds=12.0,
    )
    monday = pd.Timestamp("2026-11-23")
    shortfall = pd.DataFrame(
        [("phone", "standard", "closed hours", 2.0, 8, monday, monday + pd.Timedelta(hours=7))],
        columns=list(SHORTFALL_COLUMNS),
    )
    result = dataclasses.replace(run.result, notes=(note,), shortfall=shortfall)
    app.session_state["roster_run"] = dataclasses.replace(run, result=result)
    app.radio(key="app_language").set_value("zh").run()
    assert not app.exception, app.exception
    (warning,) = app.warning
    assert "班次数松弛模型没能在允许的 12 秒（时间上限的 60%）内求解完毕" in warning.value
    assert "did not finish" not in warning.value
    (table,) = [d.value for d in app.dataframe if "reason" in d.value.columns]
    assert list(table["reason"]) == ["该渠道此时不营业（营业时间）"]
    assert list(result.shortfall["reason"]) == ["closed hours"]
    with pytest.MonkeyPatch.context() as patch:
        # AppTest formats the Gantt's day in the test's thread, which has no sidebar
        # language: give it the one the page was drawn in
        patch.setattr("app_pages.i18n.DEFAULT_LANGUAGE", "zh")
        app.radio(key="app_language").set_value("en").run()
    (table,) = [d.value for d in app.dataframe if "reason" in d.value.columns]
    assert list(table["reason"]) == ["The channel is closed then (opening hours)"]
    app.session_state["roster_run"] = run
    app.run()


def publish_save_and_reopen(app: AppTest, run: Any) -> None:
    """Publish twice, save a draft, then reopen a version published without its coverage:
    the Roster page recomputes coverage and cost, and says when the sidebar's week differs."""
    import datetime

    from staffing.store import Store, default_location

    for version in (1, 2):
        app.button(key="export_publish").click().run()
        assert not app.exception, app.exception
        assert any(f"version {version}" in s.value for s in app.success)
    assert len(app.dataframe[-1].value) == 3  # with the week before's
    app.button(key="export_save_plan").click().run()
    assert any("Saved draft roster 2026-11-23 as version 1" in s.value for s in app.success)
    versions = app.dataframe[-1].value
    assert len(versions) == 4
    ours = versions[versions["Planning week (Monday)"] == datetime.date(2026, 11, 23)]
    assert list(ours["Shortfall (agent-hours)"]) == [pytest.approx(run.shortfall / 4)] * 3
    Store(default_location()).publish(
        week_start=datetime.date(2026, 11, 23), roster=run.roster, name="bare"
    )
    app.run()
    app.selectbox(key="export_reopen_choice").set_value("Published: bare · v1")
    app.button(key="export_reopen").click().run()
    assert not app.exception, app.exception
    assert app.session_state["roster_run"].run_id == "store:published:bare:1"
    app.switch_page("app_pages/roster.py").run()
    assert not app.exception, app.exception
    assert any("reopened from the plan store" in s.value for s in app.success)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Labour cost"] == f"¥{run.labour_cost:,.0f}"
    # in agent-hours, as on the What-if page: 15-minute intervals
    assert metrics["Shortfall (agent-hours)"] == f"{run.shortfall / 4:,.1f}"
    assert len(app.get("plotly_chart")) >= 2  # Gantt and the recomputed coverage
    # simulated as a generated roster is, once, and open to pins and re-planning
    simulation = app.session_state["roster_run"].simulation
    assert simulation is not None and "Simulated service" in texts(app)
    app.run()
    assert app.session_state["roster_run"].simulation is simulation
    assert [e for e in app.expander if e.label == "Pin shifts and re-plan"]
    app.date_input(key="plan_week").set_value(datetime.date(2026, 11, 30)).run()
    assert not app.exception, app.exception
    assert any("not for the week chosen" in w.value for w in app.warning)
    assert not [e for e in app.expander if e.label == "Pin shifts and re-plan"]  # another week
    app.date_input(key="plan_week").set_value(datetime.date(2026, 11, 23)).run()


def leave_covering_a_shift_makes_the_roster_invalid(app: AppTest, data: Path, run: Any) -> None:
    """Time off uploaded after the roster was made: the roster fails the check on every page."""
    shift = run.roster.iloc[0]
    day, after = shift.date, shift.date + pd.Timedelta(days=1)
    leave = f"agent_id,start,end\n{shift.agent_id},{day:%Y-%m-%d},{after:%Y-%m-%d}\n"
    app.switch_page("app_pages/data.py").run()
    app.radio(key="data_source").set_value("upload").run()
    app.file_uploader(key="data_upload_time_off").upload(
        "time_off.csv", leave.encode(), "text/csv"
    ).run()
    app.button(key="data_apply").click().run()
    assert not app.exception, app.exception
    for page in ("app_pages/roster.py", "app_pages/export.py"):
        app.switch_page(page).run()
        assert not app.exception, app.exception
        assert app.error and "breaks" in app.error[0].value, page
        assert "Time off" in set(app.dataframe[0].value["rule"])
    assert not app.get("download_button")


@needs("staffing.scenarios")
def test_run_a_scenario_against_the_plan(slice_app: AppTest) -> None:
    """Without a roster the base is rostered again; with one, the base is that roster."""
    import datetime

    app = slice_app
    app.switch_page("app_pages/whatif.py").run()
    assert not app.exception, app.exception
    assert any("the base is rostered again" in c.value for c in app.caption)
    app.text_input(key="whatif_name").set_value("Peak +20%")
    app.number_input(key="whatif_volume").set_value(20)
    app.button(key="whatif_add").click().run()
    assert list(app.dataframe[0].value["Volume change (%)"]) == ["All +20%"]  # as entered
    assert app.checkbox(key="whatif_keep").disabled  # no roster in use to keep
    app.number_input(key="whatif_time_limit").set_value(WHATIF_TIME_LIMIT_S)
    app.button(key="whatif_run").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    assert list(app.session_state["whatif_comparison"].comparison.table["rerostered"]) == [
        True,
        True,
    ]
    app.switch_page("app_pages/roster.py").run()
    app.number_input(key="roster_time_limit").set_value(WHATIF_TIME_LIMIT_S)
    app.button(key="roster_generate").click().run()
    roster_cost = app.session_state["roster_run"].result.check.cost

    app.switch_page("app_pages/whatif.py").run()  # the base changed: old results put away
    assert sum("put away" in i.value for i in app.info) == 1
    assert any("The base is the roster in use" in c.value for c in app.caption)
    app.text_input(key="whatif_name").set_value("Peak +20%, same roster")
    app.checkbox(key="whatif_keep").check()
    app.button(key="whatif_add").click().run()
    app.button(key="whatif_run").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    table = app.session_state["whatif_comparison"].comparison.table.set_index("scenario")
    assert list(table.index) == ["base", "Peak +20%", "Peak +20%, same roster"]
    (shown,) = [d.value for d in app.dataframe if "solver_gap" in d.value.columns]
    gaps = list(shown["solver_gap"])  # the kept rosters were not solved: no gap, and why
    assert gaps[0] == gaps[2] == "–" and gaps[1].endswith("%")
    assert any("only simulated, so no solver ran" in c.value for c in app.caption)
    assert list(table["rerostered"]) == [False, True, False]
    assert table.loc["base", "cost"] == pytest.approx(roster_cost)
    assert table.loc["Peak +20%, same roster", "cost"] == pytest.approx(roster_cost)
    assert table.loc["Peak +20%", "volume"] == pytest.approx(1.2 * table.loc["base", "volume"])
    assert len(app.get("plotly_chart")) >= 2  # service per queue, cost vs service

    app.date_input(key="plan_week").set_value(datetime.date(2026, 11, 30)).run()
    assert not app.exception, app.exception
    assert "whatif_comparison" not in app.session_state
    assert any("the base is rostered again" in c.value for c in app.caption)


def test_scenarios_that_keep_a_roster_there_is_not_are_named_and_can_be_removed(
    app: AppTest,
) -> None:
    """A scenario added with *Keep the roster in use* while a roster was in use, run when
    none is: the page names it and says what to do instead of running anything, the list
    shows which scenarios keep the roster, and one scenario can be removed alone."""
    from staffing.scenarios import Scenario

    app.switch_page("app_pages/whatif.py").run()
    app.session_state["whatif_scenarios"] = [Scenario(name="Same roster", reroster=False)]
    app.text_input(key="whatif_name").set_value("Peak +20%")
    app.number_input(key="whatif_volume").set_value(20)
    app.button(key="whatif_add").click().run()
    listed = app.dataframe[0].value
    assert list(listed["Scenario name"]) == ["Same roster", "Peak +20%"]
    assert list(listed["Keeps the roster in use"]) == [True, False]

    app.button(key="whatif_run").click().run()
    assert not app.exception, app.exception
    (error,) = app.error
    assert "need a checked roster in use for the week of 2026-11-23" in error.value
    assert "They are: Same roster." in error.value
    assert "Generate a roster on the Roster page" in error.value
    assert "Nothing was loaded" not in texts(app) and "reroster" not in texts(app)
    assert "whatif_comparison" not in app.session_state

    app.selectbox(key="whatif_remove_choice").set_value("Same roster")
    app.button(key="whatif_remove").click().run()
    assert not app.exception, app.exception
    assert list(app.dataframe[0].value["Scenario name"]) == ["Peak +20%"]
    assert app.selectbox(key="whatif_remove_choice").options == ["Peak +20%"]


def test_long_work_reports_in_the_page_thread_and_time_moves_between_reports() -> None:
    """Reports from the worker reach ``on_update``; while none comes, ``on_idle`` gets the
    seconds so far (a solver silent for 20 s still moves the bar); errors are re-raised."""
    import threading
    import time

    from app_pages.pipeline import call_in_background

    page_thread = threading.get_ident()
    updates: list[object] = []
    idle: list[float] = []

    def work(report: Callable[[object], None]) -> str:
        time.sleep(0.25)
        report("stage 1")
        time.sleep(0.25)
        return "done"

    def on_update(value: object) -> None:
        assert threading.get_ident() == page_thread
        updates.append(value)

    assert call_in_background(work, on_update, poll_s=0.05, on_idle=idle.append) == "done"
    assert updates == ["stage 1"]
    assert len(idle) >= 4 and idle == sorted(idle) and idle[-1] >= 0.4

    def fail(report: Callable[[object], None]) -> None:
        raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        call_in_background(fail, on_update, poll_s=0.05)


def test_gantt_lists_agents_in_id_order_whatever_their_channel() -> None:
    """Plotly groups a timeline's rows by colour: chat agents first, then the others. The
    chart orders them by agent id, so a planner finds an agent where expected."""
    from app_pages.charts import roster_gantt

    day = pd.Timestamp("2026-11-23")
    blocks = pd.DataFrame(
        {
            "agent_id": ["A3", "A1", "A2"],
            "date": day,
            "start": [day + pd.Timedelta(hours=h) for h in (8, 9, 10)],
            "end": [day + pd.Timedelta(hours=h) for h in (12, 13, 14)],
            "activity": "work",
            "channel": ["chat", "phone", "chat"],
            "vip_level": "standard",
        }
    )
    figure = roster_gantt(blocks, {"A1": "Li"})
    axis = figure.layout.yaxis  # listed top down
    assert list(axis.categoryarray) == ["A1 Li", "A2", "A3"] and axis.autorange == "reversed"


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    import string

    from app_pages.i18n import EN, ZH

    assert set(EN) == set(ZH), set(EN) ^ set(ZH)

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, text in EN.items():
        assert fields(text) == fields(ZH[key]), key


def test_bad_upload_shows_every_problem_in_a_table(app: AppTest, app_data: Path) -> None:
    app.radio(key="data_source").set_value("upload").run()
    agents = (app_data / "agents.csv").read_text(encoding="utf-8").splitlines()
    for row, contract in ((1, "zero_hours"), (2, None)):
        fields = agents[row].split(",")
        fields[2] = "7"  # tier
        fields[5] = contract or fields[5]
        agents[row] = ",".join(fields)
    bad = ("\n".join(agents) + "\n").encode()
    app.file_uploader(key="data_upload_agents").upload("agents.csv", bad, "text/csv").run()
    app.button(key="data_apply").click().run()
    assert not app.exception, app.exception
    assert app.error and "problems found" in app.error[0].value  # tier and contract
    report = app.dataframe[0].value
    assert set(report["File"]) == {"agents.csv"}
    # one line per kind of problem: the tier of rows 2 and 3, the contract of row 2
    assert dict(zip(report["Column"], report["Row"], strict=True)) == {
        "tier": "2-3",
        "contract": "2",
    }
    # rows tall enough for the grid to wrap the problem and its fix (it wraps above 64 px)
    assert app.dataframe[0].proto.row_height > 64
    widths = {k: v.get("width") for k, v in json.loads(app.dataframe[0].proto.columns).items()}
    assert widths["Problem"] == widths["How to fix"] == "medium"
    assert "Traceback" not in texts(app)
    # refused files leave the data in use (the sample) in place on every page
    assert any("not put in use" in i.value for i in app.info)
    app.switch_page("app_pages/requirements.py").run()
    assert not app.exception, app.exception
    assert not any("No valid data is loaded" in w.value for w in app.warning)
    app.switch_page("app_pages/data.py").run()
    app.radio(key="data_source").set_value("sample").run()
    assert any("valid" in s.value for s in app.success)


def test_bad_upload_in_chinese_lists_the_problems_in_chinese(app: AppTest, app_data: Path) -> None:
    """The library's problems and fixes show in the sidebar's language, not only the headers."""
    app.radio(key="app_language").set_value("zh").run()
    app.radio(key="data_source").set_value("upload").run()
    agents = (app_data / "agents.csv").read_text(encoding="utf-8").splitlines()
    first, second = agents[1].split(","), agents[2].split(",")
    first[2] = "7"  # tier
    second[3] = "fax"  # channels
    agents[1:3] = [",".join(first), ",".join(second)]
    bad = ("\n".join(agents) + "\n").encode()
    app.file_uploader(key="data_upload_agents").upload("agents.csv", bad, "text/csv").run()
    app.button(key="data_apply").click().run()
    assert not app.exception, app.exception
    assert app.error and app.error[0].value.startswith("发现 2 个问题")
    report = app.dataframe[0].value
    assert list(report.columns) == ["文件", "行", "列", "值", "问题", "修改方法"]
    by_column = {row["列"]: row for row in report.to_dict("records")}
    assert (by_column["tier"]["问题"], by_column["tier"]["修改方法"]) == (
        "tier 不能大于 3",
        "请改正该值",
    )
    assert by_column["channels"]["问题"] == "无法识别的渠道 'fax'"
    assert by_column["channels"]["修改方法"] == "请使用以下之一：chat, email, messaging, phone"


def test_the_data_pages_notes_follow_the_language(app: AppTest, app_data: Path) -> None:
    history = (app_data / "history.csv").read_text(encoding="utf-8").splitlines()
    without = [line for line in history if ",email,svip," not in line]
    app.radio(key="app_language").set_value("zh").run()
    app.radio(key="data_source").set_value("upload").run()
    upload = ("\n".join(without) + "\n").encode()
    app.file_uploader(key="data_upload_history").upload("history.csv", upload, "text/csv").run()
    app.button(key="data_apply").click().run()
    assert not app.exception, app.exception
    warnings = [w.value for w in app.warning]
    assert (
        "队列 email/svip 有服务目标但没有历史数据：预测的咨询量为零，因此不会为它排班" in warnings
    )
    app.radio(key="app_language").set_value("en").run()
    assert (
        "queue email/svip has a target but no history: it is forecast with no contacts, so "
        "nobody is rostered for it" in [w.value for w in app.warning]
    )


def test_uploads_stay_in_use_when_the_planner_comes_back_to_the_data_page(
    app: AppTest, app_data: Path
) -> None:
    lines = (app_data / "agents.csv").read_text(encoding="utf-8").splitlines()
    fewer = ("\n".join(lines[:-1]) + "\n").encode()  # one agent left out
    app.radio(key="data_source").set_value("upload").run()
    app.file_uploader(key="data_upload_agents").upload("agents.csv", fewer, "text/csv").run()
    assert any("not in use yet" in i.value for i in app.info)  # chosen, not yet checked
    app.button(key="data_apply").click().run()
    assert not any("not in use yet" in i.value for i in app.info)
    agents = len(lines) - 2

    def shown_agents() -> str:
        return {m.label: m.value for m in app.metric}["Agents"]

    assert shown_agents() == str(agents)
    app.switch_page("app_pages/forecast.py").run()
    app.switch_page("app_pages/data.py").run()
    assert not app.exception, app.exception
    assert app.radio(key="data_source").value == "upload"
    assert shown_agents() == str(agents)
    assert any("In use: your agents.csv" in c.value for c in app.caption)
    app.radio(key="data_source").set_value("sample").run()  # the planner's own choice
    assert shown_agents() == str(agents + 1)


def test_export_without_valid_data_still_lists_the_versions(app: AppTest, app_data: Path) -> None:
    """With the data in use invalid (the data folder's agents.csv edited badly), a roster
    cannot be checked, so nothing is offered for download, but the plan store's versions
    stay listed and can be reopened."""
    agents = app_data / "agents.csv"
    good = agents.read_bytes()
    agents.write_text("agent_id\nA1\n", encoding="utf-8")
    try:
        export_without_valid_data(app)
    finally:
        agents.write_bytes(good)


def export_without_valid_data(app: AppTest) -> None:
    import datetime

    from staffing.store import Store, default_location

    run = tiny_run()
    Store(default_location()).publish(
        week_start=datetime.date(2026, 11, 23), roster=run.roster, name="kept"
    )
    app.session_state["roster_run"] = run
    app.switch_page("app_pages/export.py").run()
    assert not app.exception, app.exception
    assert any("No valid data is loaded" in w.value for w in app.warning)
    assert not app.get("download_button")
    assert not [b for b in app.button if b.key == "export_publish"]
    assert list(app.dataframe[-1].value["Plan"]) == ["kept"]
    app.button(key="export_reopen").click().run()
    assert not app.exception, app.exception
    assert app.session_state["roster_run"].run_id == "store:published:kept:1"
    app.switch_page("app_pages/data.py").run()


def test_export_says_why_the_plan_store_cannot_be_used(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store path that cannot be created: the page names the store and the fix instead of
    a traceback (the downloads do not need the store: see the roster flow)."""
    monkeypatch.setenv("STAFFING_STORE", UNREACHABLE_STORE)
    app.switch_page("app_pages/export.py").run()
    assert not app.exception, app.exception
    assert app.error and "plan store cannot be used" in app.error[0].value
    report = app.dataframe[0].value
    assert "the plan store at /proc/nope/plans.sqlite: cannot open it" in report["Problem"].iloc[0]
    assert "STAFFING_STORE" in report["How to fix"].iloc[0]
    assert "Traceback" not in texts(app)
    assert not app.get("selectbox") or not [
        s for s in app.selectbox if s.key == "export_reopen_choice"
    ]


def test_export_says_why_the_plan_store_cannot_be_used_in_chinese(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the Chinese app the plan store's own problem and fix read in Chinese too, with the
    path and the environment variable as the planner must type them."""
    monkeypatch.setenv("STAFFING_STORE", UNREACHABLE_STORE)
    app.radio(key="app_language").set_value("zh").run()
    app.switch_page("app_pages/export.py").run()
    assert not app.exception, app.exception
    assert app.error and "方案库目前无法使用" in app.error[0].value
    report = app.dataframe[0].value
    problem, fix = report["问题"].iloc[0], report["修改方法"].iloc[0]
    assert problem.startswith(f"方案库 {UNREACHABLE_STORE}：无法打开（"), problem
    assert "cannot open it" not in problem
    assert fix == (
        "填写一个可写入的文件路径或 PostgreSQL URL（或设置环境变量 STAFFING_STORE），"
        "例如 ~/.staffing/plans.sqlite 或 postgresql://user:password@host:5432/database"
    )


def test_a_history_without_handle_times_is_explained_on_the_requirements_page(
    app: AppTest, app_data: Path
) -> None:
    history = pd.read_csv(app_data / "history.csv").drop(columns=["aht_s"])
    app.radio(key="data_source").set_value("upload").run()
    upload = history.to_csv(index=False).encode()
    app.file_uploader(key="data_upload_history").upload("history.csv", upload, "text/csv").run()
    app.button(key="data_apply").click().run()
    assert any("valid" in s.value for s in app.success)  # volume alone can be forecast
    app.switch_page("app_pages/requirements.py").run()
    assert not app.exception, app.exception
    report = app.dataframe[0].value
    assert list(report["Column"]) == ["aht_s"]
    assert "no handle time for queues chat/standard" in report["Problem"].iloc[0]
    banner = app.error[0].value  # the files were loaded: the week's requirement cannot be sized
    assert "cannot give this for the week" in banner and "Nothing was loaded" not in banner
    assert "Traceback" not in texts(app)


def test_upload_above_the_size_limit_is_refused(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app_pages import common

    monkeypatch.setattr(common, "MAX_FILE_BYTES", 2**20)
    monkeypatch.setattr(common, "UPLOAD_LIMIT_MB", 1)
    app.radio(key="data_source").set_value("upload").run()
    big = b"interval_start,channel,vip_level,volume\n" + b"x" * (2**20 + 10)
    app.file_uploader(key="data_upload_history").upload("history.csv", big, "text/csv").run()
    assert not app.exception, app.exception
    assert any("above the limit of 1 MB" in e.value for e in app.error)
    assert app.button(key="data_apply").disabled


def test_backtest_table_has_named_columns(app: AppTest) -> None:
    app.switch_page("app_pages/forecast.py").run()
    app.number_input(key="forecast_weeks").set_value(1)
    app.button(key="forecast_run_backtest").click().run()
    assert not app.exception, app.exception
    (table,) = [d for d in app.dataframe if "poisson_floor_wape" in d.value.columns]
    headers = {k: v.get("label") for k, v in json.loads(table.proto.columns).items()}
    assert headers["model"] == "Model" and headers["poisson_floor_wape"] == "Noise floor (WAPE)"
    assert len(table.value) >= 2  # a row per model


def test_event_override_feeds_the_forecast(app: AppTest) -> None:
    app.switch_page("app_pages/forecast.py").run()
    assert not app.exception, app.exception
    app.session_state["forecast_events_editor"] = {
        "edited_rows": {0: {"multiplier": 5.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.button(key="forecast_apply_events").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    overrides = app.session_state["forecast_event_overrides"]
    assert overrides["multiplier"].dropna().tolist() == [5.0]
    assert any("multipliers are in use" in c.value for c in app.caption)
    app.button(key="forecast_reset_events").click().run()
    assert "forecast_event_overrides" not in app.session_state
    assert not app.session_state["forecast_events_editor"]["edited_rows"]  # shown as before
    # applying the multipliers as events.csv has them is no override
    app.button(key="forecast_apply_events").click().run()
    assert "forecast_event_overrides" not in app.session_state
    assert not any("multipliers are in use" in c.value for c in app.caption)


def test_first_start_writes_the_sample_then_loads_it(
    app_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import staffing.sample

    written: list[Path] = []

    def fake_write_sample(out_dir: Path) -> list[Path]:  # the real one takes ~15 s
        written.append(Path(out_dir))
        shutil.copytree(app_data, out_dir, dirs_exist_ok=True)
        return sorted(Path(out_dir).iterdir())

    monkeypatch.setattr(staffing.sample, "write_sample", fake_write_sample)
    folder = tmp_path / "data" / "sample"
    monkeypatch.setenv("STAFFING_APP_DATA", str(folder))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S).run()
    assert not at.exception, at.exception
    assert written == [folder]
    assert any("valid" in s.value for s in at.success)
    at.run()
    assert written == [folder]  # only on the first start


def test_a_week_inside_the_history_is_explained_not_raised(app: AppTest) -> None:
    import datetime

    app.date_input(key="plan_week").set_value(datetime.date(2026, 11, 16)).run()
    app.switch_page("app_pages/forecast.py").run()
    assert not app.exception, app.exception
    assert app.error, "the page should say what is wrong"
    report = app.dataframe[0].value
    assert "inside the history" in " ".join(report["Problem"])
    assert "2026-11-23" in " ".join(report["How to fix"])


def test_what_if_chart_labels_point_into_the_chart() -> None:
    """The dearest scenario's label sits left of its point, the cheapest one's right, so
    neither is cut at the chart's edge."""
    from app_pages import charts

    points = pd.DataFrame(
        {
            "label": ["cheap", "Double 11 volume +200%"],
            "cost": [250e3, 291e3],
            "service_level": [0.9, 0.5],
        }
    )
    fig = charts.cost_service_curve(points, points)
    sweep, scenarios = fig.data
    assert list(scenarios.textposition) == ["top right", "top left"]
    assert list(sweep.textposition) == ["bottom right", "bottom left"]
    assert scenarios.cliponaxis is False
