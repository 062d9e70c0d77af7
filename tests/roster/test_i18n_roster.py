"""The roster's messages in Chinese: real bad inputs, rules that contradict, violations and
notes come out in Chinese through ``translate(..., "zh")`` and stay the same English text;
problems that many agents share are one problem; a week short of a minimum without the
time-off file says to pass it; and no message of the roster is a bare string any more."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from staffing.cli import main
from staffing.errors import StaffingInputError
from staffing.i18n import Message, translate
from staffing.roster.checks import RosterConflict, check_rules_and_agents, unservable_queue_notes
from staffing.roster.io import read_roster
from staffing.roster.problem import Pin, RosterProblem
from staffing.roster.validate import RosterRuleError, check_roster

from .test_solve import SHORT_BREAK, agent, demand, rules, solve

ROOT = Path(__file__).resolve().parents[2]
ROSTER_FILES = sorted((ROOT / "staffing" / "roster").glob("*.py"))
MONDAY = pd.Timestamp("2026-11-09")
HEADER = "agent_id,date,start,end,activity,channel,vip_level\n"


def zh(text: str) -> str:
    return translate(text, "zh")


def test_roster_csv_problems_read_in_chinese() -> None:
    """A date with a time and a work block without its channel: the reader's problems."""
    text = HEADER + "A1,2026-11-09 08:00,2026-11-09 08:00:00,2026-11-09 12:00:00,work,,standard\n"
    with pytest.raises(StaffingInputError) as info:
        read_roster(text.encode(), name="roster.csv")
    found = {p.column: p for p in info.value.problems}
    date, channel = found["date"], found["channel"]
    assert (date.message, date.fix) == (
        "date must be a day without a time",
        "write the day the shift starts, like 2026-11-11",
    )
    assert zh(date.message) == "date 必须是日期，不能带时间"
    assert zh(date.fix) == "请填写班次开始的那一天，例如 2026-11-11"
    assert channel.message == "a work block needs a channel"
    assert zh(channel.message) == "工作时间段必须填写 channel"
    assert zh(channel.fix) == "请填写坐席在这个时间段服务的 channel"
    assert translate(channel.message, "en") == "a work block needs a channel"


def test_an_hours_rule_no_agent_can_keep_is_one_problem_naming_how_many() -> None:
    """Only 4-hour shifts and 5 days: eight agents who need 30 hours share one problem; an
    agent alone with another cause keeps the message that names them."""
    agents = [agent(f"A{i}", contract="full", min_h=30) for i in range(1, 9)]
    agents.append(agent("B1", contract="full", min_h=25))
    with pytest.raises(RosterConflict) as info:
        check_rules_and_agents(
            agents=agents,
            rules=rules(),
            queues=[("chat", "standard", 1)],
            queues_are="with history",
        )
    many, one = info.value.problems
    assert many.message == (
        "8 agents (A1, A2, A3, A4, A5, ...) need at least 30 paid hours (min_hours_week 30, "
        "after leave) but the rules allow at most 5 days (contract 'full' days_per_week 5, time "
        "off) of at most 4 paid hours (longest shift in shifts.lengths_h minus unpaid breaks) "
        "= 20 h"
    )
    assert one.message == (
        "Agent B1 needs at least 25 paid hours (min_hours_week 25, after leave) but the rules "
        "allow at most 5 days (contract 'full' days_per_week 5, time off) of at most 4 paid "
        "hours (longest shift in shifts.lengths_h minus unpaid breaks) = 20 h"
    )
    assert (
        many.fix
        == one.fix
        == ("lower min_hours_week, allow more days in the contract or longer shifts")
    )
    assert len(info.value.groups()) == 2  # two lines of the report, not nine
    assert zh(many.message) == (
        "8 名坐席（A1, A2, A3, A4, A5, ...）都至少需要 30 个带薪小时（min_hours_week 30，"
        "已扣除请假），但规则最多只允许上班 5 天（合同 'full' 的 days_per_week 5，以及请假），"
        "每天最多 4 个带薪小时（shifts.lengths_h 中最长的班次减去不带薪的休息），合计 20 小时"
    )
    assert zh(one.message).startswith("坐席 B1至少需要 25 个带薪小时")
    assert zh(one.fix) == "请调低 min_hours_week，或在合同中允许更多上班天数，或允许更长的班次"


def test_agents_who_may_serve_no_queue_read_in_chinese() -> None:
    """A full-timer who serves phone only, in a chat-only week: refused; a flexible one: a
    note. The place the queues come from is translated with the sentence."""
    phone = ("phone",)
    with pytest.raises(RosterConflict) as info:
        check_rules_and_agents(
            agents=[agent("A1"), agent("P1", channels=phone, contract="full")],
            rules=rules(),
            queues=[("chat", "standard", 1)],
            queues_are="with history",
        )
    (problem,) = info.value.problems
    assert problem.message == (
        "Agent P1 (channels phone, VIP levels standard, tier 1) may serve none of the queues "
        "with history, so cannot work this week, but contract 'full' (rules.toml "
        "contracts.full.days_per_week) requires at least 5 working days"
    )
    assert zh(problem.message) == (
        "坐席 P1（渠道 phone，会员等级 standard，级别 1）无法服务任何一个有历史数据的队列，"
        "因此本周无法上班，但合同 'full'（rules.toml contracts.full.days_per_week）"
        "要求至少上班 5 天"
    )
    (note,) = check_rules_and_agents(
        agents=[agent("A1"), agent("P2", channels=phone)],
        rules=rules(),
        queues=[("chat", "standard", 1)],
        queues_are="in targets.toml",
    )
    assert note == "Agent P2 may serve none of the queues in targets.toml."
    assert zh(note) == "坐席 P2无法服务任何一个 targets.toml 中的队列。"


def test_a_queue_nobody_may_serve_and_a_pin_of_an_unknown_agent_read_in_chinese() -> None:
    week = pd.concat(
        [demand("2026-11-09 08:00", 4), demand("2026-11-09 08:00", 4, channel="phone")]
    )
    problem = RosterProblem.from_frames(requirements=week, agents=[agent("A1")], rules=rules())
    (note,) = unservable_queue_notes(problem)
    assert note == (
        "Queue phone/standard needs 4 agent-hours but no agent may serve it (needs channel "
        "phone, VIP level standard and tier 1 or above): it stays uncovered."
    )
    assert zh(note) == (
        "队列 phone/standard 需要 4 人时，但没有坐席可以服务它（需要渠道 phone、会员等级 standard、"
        "级别 1 或以上）：这部分需求无人覆盖。"
    )
    pin = Pin(
        agent_id="Z9", start=MONDAY + pd.Timedelta(hours=8), end=MONDAY + pd.Timedelta(hours=12)
    )
    with pytest.raises(RosterConflict) as info:
        solve(demand("2026-11-09 08:00", 4), [agent("A1")], pins=(pin,))
    (refused,) = info.value.problems
    assert refused.message == "Pinned shift Z9 2026-11-09 08:00-12:00: unknown agent"
    assert zh(refused.message) == "锁定班次 Z9 2026-11-09 08:00-12:00：未知坐席"
    assert zh(refused.fix) == "请使用 agents.csv 中的 agent_id"


def block(agent_id: str, start: str, end: str, day: str = "2026-11-09") -> dict[str, object]:
    date = pd.Timestamp(day)
    begin = date + pd.Timedelta(start + ":00")
    finish = date + pd.Timedelta(end + ":00")
    finish += pd.Timedelta(days=1) if finish <= begin else pd.Timedelta(0)
    return {
        "agent_id": agent_id,
        "date": date,
        "start": begin,
        "end": finish,
        "activity": "work",
        "channel": "chat",
        "vip_level": "standard",
    }


def test_violations_read_in_chinese_and_name_the_rule_in_chinese() -> None:
    """A shift without its break, and a night shift starting at 22:00 (its break window
    runs to midnight): the validator's details, with "next day" translated inside them."""
    roster = pd.DataFrame(
        [block("A1", "08:00", "12:00"), block("A1", "22:00", "02:00", day="2026-11-10")]
    )
    check = check_roster(roster, agents=[agent("A1")], rules=rules(breaks=[SHORT_BREAK]))
    violations = check.violations.set_index(["rule", "date"])["detail"]
    late = violations[("Breaks and lunch", pd.Timestamp("2026-11-10"))]
    assert isinstance(late, Message)
    assert late == (
        "the 4 h shift 22:00-02:00 next day has no break; it needs a 15-minute break starting "
        "between 23:00 and 00:00 next day"
    )
    assert zh(late) == (
        "4 小时的班次 22:00-次日 02:00 没有 break；它需要一个 15 分钟的 break，在 23:00 到 "
        "次日 00:00 之间开始"
    )
    start = violations[("Allowed start time", pd.Timestamp("2026-11-10"))]
    assert start == "shift starts at 22:00; shifts start between 08:00-12:00 every 60 minutes"
    assert zh(start) == "班次开始于 22:00；班次只能在 08:00-12:00 之间每 60 分钟开始"
    assert {zh(rule) for rule in check.violations["rule"]} == {"小休和午餐", "允许的开始时间"}
    with pytest.raises(RosterRuleError) as info:
        check.raise_if_invalid()
    first = next(p for p in info.value.problems if p.message.startswith("Breaks"))
    assert str(first).startswith(
        "Breaks and lunch: agent A1 on 2026-11-09: the 4 h shift 08:00-12:00 has no break"
    )
    assert zh(first.message).startswith("小休和午餐：坐席 A1，2026-11-09：4 小时的班次 08:00-12:00")
    assert zh(first.fix) == "请重新运行排班优化，或修改排班"


# ---------------------------------------------------------------- leave left out of the check

LEAVE = pd.DataFrame(
    {"agent_id": ["F1"], "start": [MONDAY], "end": [MONDAY + pd.Timedelta(days=1)]}
)
LEAVE_FIX = (
    "re-run the roster optimiser or correct the roster; if agents have leave this week, pass "
    "the time-off file the roster was made with: leave lowers the weekly minimums"
)


def four_days_and_six_days() -> pd.DataFrame:
    """F1 (on leave on Monday) works Tuesday to Friday; F2 works six days, one too many."""
    days = [f"2026-11-{d:02d}" for d in range(9, 16)]
    rows = [block("F1", "08:00", "12:00", day) for day in days[1:5]]
    rows += [block("F2", "08:00", "12:00", day) for day in days[:6]]
    return pd.DataFrame(rows)


def full_timer(agent_id: str) -> object:
    return agent(agent_id, contract="full", min_h=20)


def test_a_week_short_of_a_minimum_without_the_time_off_file_says_to_pass_it() -> None:
    roster = four_days_and_six_days()
    agents = [full_timer("F1"), full_timer("F2")]
    with_leave = check_roster(
        roster[roster["agent_id"] == "F1"],
        agents=agents[:1],
        rules=rules(),
        week_start=MONDAY,
        time_off=LEAVE,
    )
    assert with_leave.ok  # leave lowers F1's minimums to 4 days and 16 hours
    without = check_roster(roster, agents=agents, rules=rules(), week_start=MONDAY)
    with pytest.raises(RosterRuleError) as info:
        without.raise_if_invalid()
    fixes = {tuple(p.message.split(": ")[:2]): p.fix for p in info.value.problems}
    assert fixes == {
        ("Days per week by contract", "agent F1 on 2026-11-09"): LEAVE_FIX,
        ("Weekly paid hours", "agent F1 on 2026-11-09"): LEAVE_FIX,
        # above the maximum: leave would not change that
        ("Days per week by contract", "agent F2 on 2026-11-09"): (
            "re-run the roster optimiser or correct the roster"
        ),
    }
    leave_fix = next(p.fix for p in info.value.problems if p.fix == LEAVE_FIX)
    assert zh(leave_fix) == (
        "请重新运行排班优化，或修改排班；如果本周有坐席请假，请提供生成这份排班时所用的请假文件："
        "请假会降低每周的最低天数和工时"
    )
    # with a time-off file (F2's leave only), a week short of a minimum is the roster's fault
    other = LEAVE.assign(agent_id="F2")
    given = check_roster(roster, agents=agents, rules=rules(), week_start=MONDAY, time_off=other)
    with pytest.raises(RosterRuleError) as info:
        given.raise_if_invalid()
    assert {p.fix for p in info.value.problems} == {
        "re-run the roster optimiser or correct the roster"
    }


RULES_TOML = """
min_rest_h = 11
max_consecutive_days = 6
min_block_minutes = 60
[shifts]
lengths_h = [4]
start_step_minutes = 60
earliest_start = "08:00"
latest_start = "12:00"
[contracts.full]
days_per_week = [5, 5]
"""


def test_check_and_export_without_time_off_say_to_pass_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without requirements the week starts on the first shift's day, Tuesday: F1's leave
    is on the Saturday of that week."""
    roster = four_days_and_six_days()
    roster = roster[roster["agent_id"] == "F1"]
    files = {
        "roster.csv": HEADER
        + "".join(
            f"F1,{r.date:%Y-%m-%d},{r.start:%Y-%m-%d %H:%M:%S},{r.end:%Y-%m-%d %H:%M:%S},"
            "work,chat,standard\n"
            for r in roster.itertuples()
        ),
        "agents.csv": "agent_id,name,tier,channels,vip_levels,contract,min_hours_week,"
        "max_hours_week,hourly_cost\nF1,Li,1,chat,standard,full,20,40,20\n",
        "rules.toml": RULES_TOML,
        "time_off.csv": "agent_id,start,end\nF1,2026-11-14,2026-11-15\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    inputs = ["--roster", str(tmp_path / "roster.csv"), "--agents", str(tmp_path / "agents.csv")]
    inputs += ["--rules", str(tmp_path / "rules.toml")]
    leave = ["--time-off", str(tmp_path / "time_off.csv")]
    assert main(["check", *inputs]) == 1
    out = capsys.readouterr().out
    assert "works 4 days in the week from 2026-11-10; contract 'full' allows 5 to 5" in out
    assert "pass --time-off with the time-off file the roster was made with" in out
    assert main(["check", *inputs, *leave]) == 0
    assert "--time-off" not in capsys.readouterr().out
    export = ["export", *inputs, "--format", "csv", "--out", str(tmp_path / "out.csv")]
    assert main(export) == 2
    assert "pass the time-off file the roster was made with" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()
    assert main([*export, *leave]) == 0
    # leave on the Monday before the first shift counts once the week is said to start then
    (tmp_path / "monday.csv").write_text("agent_id,start,end\nF1,2026-11-09,2026-11-10\n")
    monday_leave = ["--time-off", str(tmp_path / "monday.csv")]
    for command, refused in ((export, 2), (["check", *inputs], 1)):
        assert main([*command, *monday_leave]) == refused  # the week taken from Tuesday
        assert main([*command, *monday_leave, "--week-start", "2026-11-09"]) == 0
    capsys.readouterr()
    assert main([*export, "--week-start", "9 Nov"]) == 2
    assert "--week-start '9 Nov' is not a date" in capsys.readouterr().err


# ---------------------------------------------------------------- no bare English messages


def _bare(node: ast.expr | None) -> bool:
    """A message given as a literal (other than an empty fix) or an f-string."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value != ""


def bare_messages(path: Path) -> list[int]:
    """Lines of ``path`` where ``<collector>.add(...)``, ``Problem(...)`` or a raised error
    is given a message or fix as a bare string."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name not in ("add", "Problem", "StaffingInputError", "RosterConflict"):
            continue
        first = node.args[:1] if name != "Problem" else []
        values = [*first, *(k.value for k in node.keywords if k.arg in ("message", "fix"))]
        # an empty fix is allowed; an empty message is not
        if any(_bare(v) or (v in first and isinstance(v, ast.Constant)) for v in values):
            found.append(node.lineno)
    return found


def test_no_roster_message_is_a_bare_string() -> None:
    """Every message and fix of staffing/roster goes through msg(), so the app can show it in
    the planner's language (``.add`` of model constraints takes no string, so it passes)."""
    assert len(ROSTER_FILES) >= 10
    found = [f"{path.name}:{line}" for path in ROSTER_FILES for line in bare_messages(path)]
    assert not found, found


def test_the_guard_finds_a_bare_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        'problems.add(f"row {n} is bad", fix=msg("fix it"))\n'
        'Problem(message="plain", fix="")\n'
        'problems.add(msg("fine {n}", n=1), fix="do this")\n'
        'raise RosterConflict("No roster. Fix: this")\n'
        'problems.add(msg("fine {n}", n=1), fix="")\n'
        "model.add(x >= 1)\n",
        encoding="utf-8",
    )
    assert bare_messages(bad) == [1, 2, 3, 4]
