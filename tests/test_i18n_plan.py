"""The planning messages (requirements, simulation, scenarios, the plan store, exports and the
plan pipeline) read in Chinese through ``translate(..., "zh")`` and stay the same English."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from staffing.errors import Problem, StaffingInputError
from staffing.export import calendars_zip
from staffing.i18n import translate
from staffing.pipeline import check_week_start
from staffing.requirements import compute_requirements, read_forecast, read_requirements
from staffing.scenarios import (
    PlanInputs,
    Scenario,
    TempAgents,
    VolumeChange,
    check_scenarios,
    read_scenario_spec,
)
from staffing.simulate import SimQueue, SimTargets, SimulationConfig, simulate
from staffing.store import Store
from staffing.targets import read_targets

ROOT = Path(__file__).resolve().parent.parent
#: the library files whose messages this file covers
FILES = (
    "staffing/requirements.py",
    "staffing/simulate.py",
    "staffing/scenarios.py",
    "staffing/store.py",
    "staffing/export.py",
    "staffing/pipeline.py",
)
T0 = pd.Timestamp("2026-11-11")
PHONE = (
    b'shrinkage = 0.3\n[[queues]]\nchannel = "phone"\nvip_level = "standard"\n'
    b'model = "erlang_c"\nservice_level = 0.8\nanswer_within_s = 20\n'
)


def problems(call: object) -> tuple[Problem, ...]:
    """The problems ``call()`` raises."""
    with pytest.raises(StaffingInputError) as info:
        call()  # type: ignore[operator]
    return info.value.problems


def zh(problem: Problem) -> tuple[str, str]:
    return translate(problem.message, "zh"), translate(problem.fix, "zh")


def en(problem: Problem) -> tuple[str, str]:
    return translate(problem.message, "en"), translate(problem.fix, "en")


def forecast(periods: int = 4, start: pd.Timestamp = T0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "interval_start": pd.date_range(start, periods=periods, freq="15min"),
            "channel": "phone",
            "vip_level": "standard",
            "volume": 10.0,
            "volume_p10": 8.0,
            "volume_p90": 12.0,
            "aht_s": 200.0,
        }
    )


# ------------------------------------------------------------------ forecast and requirements


def test_a_forecast_without_handle_times_and_crossed_quantiles_reads_in_chinese() -> None:
    found = problems(
        lambda: read_forecast(
            b"interval_start,channel,vip_level,volume,volume_p10,volume_p90,aht_s\n"
            b"2026-11-11 00:00:00,phone,standard,12,9,16,\n"
            b"2026-11-11 00:15:00,phone,standard,12,9,16,\n"
            b"2026-11-11 00:00:00,chat,standard,12,20,16,240\n",
            name="forecast.csv",
        )
    )
    untimed, crossed = found
    assert untimed.message == (
        "aht_s is empty on every row of queue phone/standard with contacts (2 rows): the "
        "forecast has no handle time for it (a history.csv without aht_s gives such a forecast)"
    )
    assert zh(untimed) == (
        "队列 phone/standard 有咨询量的每一行（共 2 行）aht_s 都为空：预测中没有该队列的处理时长"
        "（history.csv 缺少 aht_s 时就会得到这样的预测）",
        "在 history.csv 中加入 aht_s（平均处理时长，单位为秒）后重新预测，或把这一列填上",
    )
    assert (crossed.row, crossed.column) == (4, "volume_p10")
    assert zh(crossed) == (
        "volume_p10 大于 volume_p90（16）",
        "10% 分位数不能大于 90% 分位数；请交换或修正这两个值",
    )
    assert en(crossed) == (
        "volume_p10 is above volume_p90 (16)",
        "the 10% quantile must not exceed the 90% quantile; swap or correct them",
    )


def test_a_bad_requirements_file_reads_in_chinese() -> None:
    found = problems(
        lambda: read_requirements(
            b"interval_start,channel,vip_level,required_agents,min_tier,occupancy,target_met\n"
            b"2026-11-11 00:00:00,phone,standard,3,1,1.5,maybe\n"
            b"2026-11-11 00:15:00,phone,standard,3,1,0.5,true\n"
            b"2026-11-11 00:30:00,phone,standard,3,2,0.5,true\n",
            name="requirements.csv",
        )
    )
    assert [zh(p) for p in found] == [
        (
            "min_tier 与队列 phone/standard 其他行的 1 不同；一个队列只能有一个等级",
            "每一行都使用 targets.toml 中该队列的 min_tier",
        ),
        ("occupancy 是比例，不能大于 1", "写成小数，例如 0.85"),
        ("target_met 必须是 true 或 false", "填写 true 或 false"),
    ]
    assert [p.message for p in found] == [
        "min_tier differs from the 1 of the other rows of queue phone/standard; a queue has one "
        "tier",
        "occupancy is a share and must be at most 1",
        "target_met must be true or false",
    ]


def test_why_an_interval_cannot_be_served_reads_in_chinese() -> None:
    """The requirements' ``reason`` column: English in requirements.csv, Chinese in the app."""
    targets = read_targets(PHONE)
    sized = compute_requirements(
        forecast(start=T0 + pd.Timedelta(hours=8, minutes=30)),
        targets,
        opening_hours={"phone": (9 * 60, 21 * 60)},
    )
    closed = "closed: contacts forecast outside opening hours cannot be served"
    assert list(sized["reason"]) == [closed, closed, "", ""]
    assert [translate(r, "zh") for r in sized["reason"]] == [
        "非营业时间：预测在营业时间之外的咨询无法被接待",
        "非营业时间：预测在营业时间之外的咨询无法被接待",
        "",
        "",
    ]


def test_a_planning_week_inside_the_history_reads_in_chinese() -> None:
    history = pd.DataFrame(
        {"interval_start": pd.date_range("2026-11-16", periods=7 * 96, freq="15min")}
    )
    data = SimpleNamespace(history=history)
    (inside,) = problems(lambda: check_week_start(data, "2026-11-18"))  # type: ignore[arg-type]
    assert en(inside) == (
        "the planning week start is inside the history, which runs to 2026-11-22 23:45",
        "give a date after 2026-11-22, e.g. 2026-11-23",
    )
    assert zh(inside) == (
        "排班周的开始落在历史数据之内（历史数据截至 2026-11-22 23:45）",
        "选择 2026-11-22 之后的日期，例如 2026-11-23",
    )
    (timed,) = problems(lambda: check_week_start(data, "2026-11-30 08:00"))  # type: ignore[arg-type]
    assert zh(timed)[0] == "排班周的开始必须是一个日期（零点），不能是一天中的某个时刻"


# -------------------------------------------------------------------------------- simulation


def test_simulating_a_roster_of_another_week_reads_in_chinese() -> None:
    targets = SimTargets(
        queues=(
            SimQueue(
                channel="phone",
                vip_level="standard",
                model="erlang_c",
                service_level=0.8,
                answer_within_s=20,
            ),
        )
    )
    later = T0 + pd.Timedelta(days=7)
    roster = pd.DataFrame(
        {
            "agent_id": ["A1"],
            "date": later,
            "start": later + pd.Timedelta(hours=8),
            "end": later + pd.Timedelta(hours=12),
            "activity": "work",
            "channel": "fax",
            "vip_level": "standard",
        }
    )
    config = SimulationConfig(replications=1)
    queue, week = problems(lambda: simulate(roster, forecast(), targets, config=config))
    assert zh(queue) == (
        "有工作时段排在队列 fax/standard 上，但该队列没有服务目标",
        "在 targets.toml 中添加该队列，或修正排班",
    )
    assert week.message == (
        "the roster works from 2026-11-18 08:00 to 2026-11-18 12:00, outside the forecast's "
        "2026-11-11 00:00 to 2026-11-11 01:00: nothing would be simulated"
    )
    assert zh(week) == (
        "排班的工作时间为 2026-11-18 08:00 至 2026-11-18 12:00，在预测范围 2026-11-11 00:00 至 "
        "2026-11-11 01:00 之外：没有可仿真的内容",
        "用排班所在那一周的预测来仿真",
    )


# --------------------------------------------------------------------------------- scenarios


def test_a_bad_scenario_file_names_the_entry_in_chinese() -> None:
    """Where the problem is (scenario, change) and what it is translate together."""
    spec = b"""
[[scenarios]]
name = "Peak"
colour = "red"
  [[scenarios.volume]]
  start = "2026-11-12"
  end = "2026-11-11"
  [[scenarios.temps]]
  count = 2
  tier = 4
  channels = ["phone"]
  vip_levels = ["standard"]
  hourly_cost = 10
  contract = "temp"
[sweep]
parameter = "service_level"
values = [0.8, 0.8]
"""
    found = problems(lambda: read_scenario_spec(spec, name="scenarios.toml"))
    assert [p.message for p in found] == [
        "scenario 'Peak': unknown key 'colour'",
        "scenario 'Peak', volume change 1: 'multiplier' is required",
        "scenario 'Peak', volume change 1: 'end' must be after 'start'",
        "scenario 'Peak', temps 1: 'tier' must be >= 1 and <= 3",
        "sweep: 'values' repeat a value",
    ]
    assert [zh(p) for p in found] == [
        (
            "情景 'Peak'：无法识别的键 'colour'",
            "使用以下键之一：aht, bot_deflection, description, name, overtime_cost_multiplier, "
            "overtime_h_per_agent, reroster, shrinkage, targets, temps, volume"
            "（参见 README 中的示例）",
        ),
        ("情景 'Peak'，第 1 项咨询量变化：缺少必填项 'multiplier'", "添加 multiplier = <数字>"),
        (
            "情景 'Peak'，第 1 项咨询量变化：'end' 必须晚于 'start'",
            'end 本身不包含在内：填最后一天的下一天，例如 start = "2026-11-11", end = "2026-11-12"',
        ),
        ("情景 'Peak'，第 1 组临时坐席：'tier' 必须 >= 1 且 <= 3", "请改正该值"),
        ("[sweep] 部分：'values' 中有重复的值", "每个值只写一次"),
    ]


def test_scenarios_that_cannot_apply_read_in_chinese() -> None:
    events = pd.DataFrame(
        {
            "name": ["Double 11"],
            "start": [T0 + pd.Timedelta(days=30)],
            "end": [T0 + pd.Timedelta(days=31)],
        }
    )
    inputs = PlanInputs(
        forecast=forecast(),
        targets=read_targets(PHONE),
        agents=(SimpleNamespace(agent_id="A001"),),
        rules=SimpleNamespace(contracts={"full_time": None}),
        events=events,
    )
    temps = TempAgents(
        count=1,
        tier=1,
        channels=("phone",),
        vip_levels=("standard",),
        hourly_cost=1,
        contract="gig",
    )
    found = problems(
        lambda: check_scenarios(
            inputs,
            [
                Scenario(name="fax", volume=(VolumeChange(multiplier=2, channel="fax"),)),
                Scenario(name="sale", volume=(VolumeChange(multiplier=2, event="Black Friday"),)),
                Scenario(name="d11", volume=(VolumeChange(multiplier=3, event="Double 11"),)),
                Scenario(name="gig", temps=(temps,)),
            ],
        )
    )
    assert [zh(p) for p in found] == [
        (
            "情景 'fax'：作用于 fax 的咨询量变化与预测中的任何队列都不匹配（phone/standard）",
            "修正 channel 或 vip_level",
        ),
        (
            "情景 'sale'：活动 'Black Friday' 不在 events.csv 中",
            "使用以下活动之一：Double 11，或改为填写开始和结束日期",
        ),
        (
            "情景 'd11'：活动 'Double 11' 不在排班日期范围（2026-11-11 至 2026-11-11）之内，"
            "因此不会产生任何影响",
            "为这项变化所在的那一周排班，或填写该周之内的开始和结束日期",
        ),
        (
            "情景 'gig'：临时坐席的合同 'gig' 不在 rules.toml 中",
            "使用以下合同之一：full_time，或在 rules.toml 中添加 [contracts.gig]",
        ),
    ]
    assert en(found[1]) == (
        "scenario 'sale': event 'Black Friday' is not in events.csv",
        "use one of Double 11, or give start and end dates instead",
    )


# ---------------------------------------------------------------------- plan store and export


def test_a_plan_store_that_cannot_be_used_reads_in_chinese(tmp_path: Path) -> None:
    (folder,) = problems(lambda: Store(tmp_path))
    assert str(folder) == (
        f"the plan store at {tmp_path}: it is a folder, not a file. Fix: give a writable file "
        "path or a PostgreSQL URL (or set STAFFING_STORE), e.g. ~/.staffing/plans.sqlite or "
        "postgresql://user:password@host:5432/database."
    )
    assert zh(folder) == (
        f"方案库 {tmp_path}：这是一个文件夹，不是文件",
        "填写一个可写入的文件路径或 PostgreSQL URL（或设置环境变量 STAFFING_STORE），"
        "例如 ~/.staffing/plans.sqlite 或 postgresql://user:password@host:5432/database",
    )
    (url,) = problems(lambda: Store("postgresql:plans"))
    assert zh(url) == (
        "方案库 URL postgresql:plans 不是有效的 PostgreSQL URL（必须以 postgresql:// 开头）",
        "按 postgresql://user:password@host:5432/database 的格式填写",
    )
    store = Store(tmp_path / "plans.sqlite")
    (missing,) = problems(lambda: store.open("plan", "Double 11"))
    assert missing.message == (
        f"no saved plan 'Double 11' in the plan store {tmp_path / 'plans.sqlite'} (versions: none)"
    )
    assert zh(missing)[0] == (
        f"方案库 {tmp_path / 'plans.sqlite'} 中没有类型为 plan、名为 'Double 11' 的已保存条目"
        "（已有版本：无）"
    )
    (nothing,) = problems(lambda: store.latest("published", week_start=datetime.date(2026, 11, 9)))
    assert zh(nothing) == (
        f"方案库 {tmp_path / 'plans.sqlite'} 中没有保存 2026-11-09 这一周类型为 'published' 的条目",
        "先保存或发布一个",
    )


def test_a_calendar_time_zone_that_does_not_exist_reads_in_chinese() -> None:
    (zone,) = problems(lambda: calendars_zip(pd.DataFrame(), timezone="Mars/Olympus"))
    assert en(zone)[0] == "the calendars' time zone 'Mars/Olympus' is not a known IANA time zone"
    assert zh(zone) == (
        "日历的时区 'Mars/Olympus' 不是已知的 IANA 时区",
        "填写 Asia/Shanghai 或 Europe/Berlin 这样的时区名称（命令行中用 --timezone）",
    )


# ---------------------------------------------------------------------------------- the guard

#: calls whose arguments are messages: function name -> positions of the message arguments
#: (the ``message=`` and ``fix=`` keywords of every call below are checked too)
MESSAGE_ARGUMENTS = {
    "StaffingInputError": (0,),
    "StoreBusyError": (0,),
    "_location_error": (1,),
    "_url_error": (1,),
    "_of_scenario": (1,),
    "invalid": (0,),  # pipeline.check_week_start's
    "Problem": (),
}
#: ``<receiver>.add(message, ...)``: problem collectors
COLLECTORS = {"problems", "rprob", "self.problems"}
#: ``<receiver>.add(where, message, fix, ...)``: the scenario file's checker
SPEC_CHECKERS = {"check", "self"}


def bare_text(node: ast.expr, *, fix: bool = False) -> bool:
    """Text that cannot translate: a literal (``""`` allowed for a fix), an f-string, or text
    glued together or chosen from such."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return not (fix and node.value == "")
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return bare_text(node.left) or bare_text(node.right)
    if isinstance(node, ast.IfExp):
        return bare_text(node.body, fix=fix) or bare_text(node.orelse, fix=fix)
    return False


def message_arguments(call: ast.Call, path: str) -> list[tuple[ast.expr, bool]]:
    """The arguments of ``call`` that are messages, each with whether it is a fix."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    positions: tuple[int, ...] | None = MESSAGE_ARGUMENTS.get(name)
    fixes: tuple[int, ...] = ()
    if name == "add" and isinstance(func, ast.Attribute):
        receiver = ast.unparse(func.value)
        if receiver in COLLECTORS:
            positions = (0,)
        elif receiver in SPEC_CHECKERS and path.endswith("scenarios.py"):
            positions, fixes = (0, 1, 2), (2,)
    elif name == "add" and path.endswith("scenarios.py"):  # check_scenarios' add(s, msg, fix)
        positions, fixes = (1, 2), (2,)
    if positions is None:
        return []
    found = [(call.args[i], i in fixes) for i in positions if i < len(call.args)]
    found += [(k.value, k.arg == "fix") for k in call.keywords if k.arg in ("message", "fix")]
    return found


def test_no_planning_message_is_bare_text_any_more() -> None:
    """Every message these files raise or collect is a ``msg`` (so it translates): no string
    literal, f-string or text glued together where a problem's message or fix goes."""
    bare, checked = [], 0
    for name in FILES:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for argument, is_fix in message_arguments(node, name):
                checked += 1
                if bare_text(argument, fix=is_fix):
                    bare.append(f"{name}:{argument.lineno}: {ast.unparse(argument)[:70]}")
    assert not bare, "messages that cannot translate:\n" + "\n".join(bare)
    assert checked > 150, checked  # the guard sees the files' messages


def test_the_guard_catches_bare_text() -> None:
    tree = ast.parse(
        "problems.add(f'{x} is wrong', fix='do this')\n"
        "Problem(message='a' + b, fix='')\n"
        "check.add(where, msg('m'), 'literal fix')\n"
        "calendar.add('prodid', 'x')\n"
    )
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.func is not None]
    flagged = [
        ast.unparse(a)
        for call in calls
        for a, is_fix in message_arguments(call, "staffing/scenarios.py")
        if bare_text(a, fix=is_fix)
    ]
    assert flagged == ["f'{x} is wrong'", "'do this'", "'a' + b", "'literal fix'"]
