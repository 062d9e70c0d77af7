"""The messages about reading and checking the planner's input files, in Chinese.

Each case reads a real bad input, catches the StaffingInputError and checks one problem both
ways: in English word for word as before (the CLI, the README and the other tests quote it)
and through ``translate(..., "zh")`` as the app's Chinese problems table shows it. The last
test keeps the readers from going back to plain English strings.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from forecast.backtest import backtest
from forecast.history import read_events, read_history
from staffing.agents import read_agents, read_preferences
from staffing.dataset import load_dataset
from staffing.errors import Problem, StaffingInputError
from staffing.i18n import translate
from staffing.rules import parse_rules
from staffing.targets import read_targets

ROOT = Path(__file__).resolve().parent.parent
AGENTS_HEADER = (
    b"agent_id,name,tier,channels,vip_levels,contract,min_hours_week,max_hours_week,hourly_cost\n"
)


def problems(read: Callable[[], Any]) -> list[Problem]:
    with pytest.raises(StaffingInputError) as info:
        read()
    return list(info.value.problems)


def only(found: list[Problem], column: str | None = None) -> Problem:
    (problem,) = [p for p in found if column is None or p.column == column]
    return problem


def both(problem: Problem) -> tuple[str, str, str, str]:
    """The problem's message and fix in English, then in Chinese."""
    return (
        str(problem.message),
        str(problem.fix),
        translate(problem.message, "zh"),
        translate(problem.fix, "zh"),
    )


def test_a_date_written_day_first_is_reported_in_chinese() -> None:
    found = problems(
        lambda: read_history(
            b"interval_start,channel,volume\n2026-11-11 00:00:00,chat,3\n11/11/2026 00:15,chat,4\n",
            name="history.csv",
        )
    )
    problem = only(found)
    assert (problem.row, problem.column, problem.value) == (3, "interval_start", "11/11/2026 00:15")
    assert both(problem) == (
        "not a valid date and time",
        "write it as ISO 8601 local time, like 2026-11-11 00:15:00",
        "不是有效的日期时间",
        "请按 ISO 8601 格式写当地时间，如 2026-11-11 00:15:00",
    )
    assert str(problem) == (
        "history.csv, row 3, column 'interval_start' (value '11/11/2026 00:15'): not a valid "
        "date and time. Fix: write it as ISO 8601 local time, like 2026-11-11 00:15:00."
    )


def test_a_missing_column_and_a_semicolon_file_are_reported_in_chinese() -> None:
    missing = only(
        problems(
            lambda: read_history(
                b"interval_start,channel\n2026-11-11 00:00:00,chat\n", name="history.csv"
            )
        )
    )
    assert both(missing) == (
        "required column 'volume' is missing (found: interval_start, channel)",
        "add a 'volume' column to the header row",
        "缺少必需的列 'volume'（文件中的列：interval_start, channel）",
        "请在表头行中添加 'volume' 列",
    )
    semicolons = only(problems(lambda: read_history(b"interval_start;channel;volume\n1;2;3\n")))
    assert both(semicolons)[::2] == (
        "the header 'interval_start;channel;volume' is one column: the file separates its "
        "columns with ';', not a comma",
        "表头 'interval_start;channel;volume' 被读成了一列：文件用 ';' 分隔各列，而不是逗号",
    )
    tabs = only(problems(lambda: read_history(b"interval_start\tchannel\tvolume\n1\t2\t3\n")))
    assert translate(tabs.message, "zh").endswith("文件用制表符分隔各列，而不是逗号")


def test_numbers_out_of_range_name_the_column_in_chinese() -> None:
    rows = "".join(f"2026-11-{d:02d} {h:02d}:00:00,phone,-1\n" for d in (10, 11) for h in (0, 1))
    found = problems(
        lambda: read_history(("interval_start,channel,volume\n" + rows).encode(), name="h.csv")
    )
    assert {p.row for p in found} == {2, 3, 4, 5}
    assert both(found[0]) == (
        "volume must be at least 0",
        "correct the value",
        "volume 不能小于 0",
        "请改正该值",
    )


def test_a_long_run_of_rows_is_counted_in_chinese() -> None:
    """The app's Row column: more than a few ranges end with how many rows there are."""
    rows = "".join(f"2026-11-11 {h:02d}:00:00,phone,{-1 if h % 2 else 4}\n" for h in range(0, 12))
    with pytest.raises(StaffingInputError) as error:
        read_history(("interval_start,channel,volume\n" + rows).encode())
    (group,) = error.value.groups()
    assert group.rows() == "3, 5, 7, 9, ... (6 rows)"
    assert translate(group.rows(), "zh") == "3, 5, 7, 9, …（共 6 行）"
    with pytest.raises(StaffingInputError) as few:
        read_history(b"interval_start,channel,volume\n2026-11-11 00:00:00,phone,-1\n")
    assert translate(few.value.groups()[0].rows(), "zh") == "2"


def test_agents_problems_translate_the_words_they_are_built_from() -> None:
    found = problems(
        lambda: read_agents(
            AGENTS_HEADER
            + b"A1,Li,7,phone;email,standard,full_time,36,44,38.5\n"
            + b"A2,Wang,2,phone,,full_time,44,36,38.5\n",
            channels=["phone", "chat"],
            name="agents.csv",
        )
    )
    assert both(only(found, "tier")) == (
        "tier must be at most 3",
        "correct the value",
        "tier 不能大于 3",
        "请改正该值",
    )
    assert both(only(found, "channels")) == (
        "unknown channel 'email'",
        "use one of: chat, phone",
        "无法识别的渠道 'email'",
        "请使用以下之一：chat, phone",
    )
    assert both(only(found, "vip_levels")) == (
        "agent has no VIP level",
        "list at least one VIP level, separated by ';' (e.g. phone;chat)",
        "坐席没有任何会员等级",
        "请至少列出一个会员等级，多个之间用 ';' 分隔（如 phone;chat）",
    )
    assert both(only(found, "min_hours_week")) == (
        "min_hours_week 44 is above max_hours_week 36",
        "swap the two values or lower min_hours_week",
        "min_hours_week 44 大于 max_hours_week 36",
        "请对调这两个值，或调低 min_hours_week",
    )


def test_an_unknown_preference_lists_the_allowed_ones_with_their_meaning() -> None:
    problem = only(
        problems(
            lambda: read_preferences(
                b"agent_id,date,preference\nA1,2026-11-24,night\n", name="preferences.csv"
            )
        )
    )
    assert both(problem) == (
        "unknown preference",
        "use one of: early, late, off (off: the day off; early: start before 12:00; late: "
        "start at 12:00 or later)",
        "无法识别的排班意愿",
        "请使用以下之一：early, late, off（off：当天休息；early：12:00 之前上班；"
        "late：12:00 或之后上班）",
    )


def test_rules_problems_are_in_chinese_with_the_key_as_written() -> None:
    found = problems(
        lambda: parse_rules(
            {
                "interval_minutes": 20,
                "min_rest_h": 30,
                "shifts": {"lengths_h": [4]},
                "breaks": [{"name": "lunch", "minutes": 60, "window_after_start_h": [3.5, 3.5]}],
            }
        )
    )
    assert both(only(found, "interval_minutes")) == (
        "'interval_minutes' must be 15, 30 or 60",
        "use 15, 30 or 60",
        "'interval_minutes' 必须是 15、30 或 60",
        "请使用 15、30 或 60",
    )
    assert both(only(found, "min_rest_h"))[::2] == (
        "'min_rest_h' must be at most 24",
        "'min_rest_h' 不能大于 24",
    )
    assert both(only(found, "breaks[1].window_after_start_h")) == (
        "'breaks[1].window_after_start_h' a 60-minute lunch starting 3.5 h after the start "
        "does not fit a 4 h shift",
        "end the window earlier or raise min_shift_h",
        "'breaks[1].window_after_start_h' 上班 3.5 小时后才开始的 60 分钟 'lunch' 放不进 "
        "4 小时的班次",
        "请让时间窗更早结束，或调高 min_shift_h",
    )
    off_grid = only(problems(lambda: parse_rules({"shifts": {"earliest_start": "08:10"}})))
    assert both(off_grid)[::2] == (
        "'shifts.earliest_start' start time is not on the 15-minute interval grid",
        "'shifts.earliest_start' 上班时间不在 15 分钟的时段网格上",
    )


def test_targets_problems_are_in_chinese() -> None:
    found = problems(
        lambda: read_targets(
            b'shrinkage = 0.7\n[[queues]]\nchannel = "chat"\nvip_level = "vip"\nmodel = "chat"\n'
            b"service_level = 1\nanswer_within_s = 30\nconcurrency = 0\n",
            name="targets.toml",
        )
    )
    by_column = {p.column: p for p in found}
    assert translate(by_column["shrinkage"].message, "zh").startswith(
        "shrinkage 不能大于 0.5：排班人数 = 所需人数 / (1 - shrinkage)，因此 0.7 意味着每需要 "
        "1 名坐席就要排 3.33 名"
    )
    assert both(by_column["queues[0] (chat/vip).service_level"])[::2] == (
        "service_level must be below 1: no service level within a finite answer_within_s can "
        "be 100% (arrivals bunch by chance, so some contact always waits longer), and sizing "
        "for it would schedule absurdly many agents",
        "service_level 必须小于 1：在有限的 answer_within_s 内，服务水平不可能达到 100%"
        "（咨询到达会随机扎堆，总有咨询要等得更久），按 100% 计算人力会排出多得离谱的坐席",
    )
    assert both(by_column["queues[0] (chat/vip).concurrency"]) == (
        "concurrency must be a whole number >= 1",
        "write how many chats one agent holds at once, such as 3",
        "concurrency 必须是 >= 1 的整数",
        "请填写一名坐席同时接待的在线咨询数，如 3",
    )


def test_a_toml_syntax_error_and_an_event_backwards_are_in_chinese() -> None:
    syntax = only(problems(lambda: read_targets(b"shrinkage = \n", name="targets.toml")))
    assert translate(syntax.message, "zh").startswith("不是有效的 TOML：")
    assert translate(syntax.fix, "zh") == "请检查该行的引号、括号和 '='；README 中有这个文件的示例"
    backwards = only(
        problems(lambda: read_events(b"name,start,end\nDouble 11,2026-11-12,2026-11-11\n"))
    )
    assert both(backwards)[::2] == (
        "end 2026-11-11 00:00:00 is not after start 2026-11-12 00:00:00",
        "结束时间 2026-11-11 00:00:00 没有晚于开始时间 2026-11-12 00:00:00",
    )


FOLDER: dict[str, bytes] = {
    "history.csv": b"interval_start,channel,vip_level,volume,aht_s\n"
    b"2026-11-09 10:00:00,phone,standard,5,300\n2026-11-12 10:00:00,phone,standard,5,300\n",
    "targets.toml": b'shrinkage = 0.2\n[[queues]]\nchannel = "phone"\nvip_level = "standard"\n'
    b'model = "erlang_c"\nservice_level = 0.8\nanswer_within_s = 20\n'
    b'[[queues]]\nchannel = "chat"\nvip_level = "standard"\nmodel = "chat"\n'
    b"service_level = 0.8\nanswer_within_s = 60\nconcurrency = 2\n",
    "rules.toml": b"interval_minutes = 15\n[shifts]\nlengths_h = [8]\n"
    b"[contracts.full_time]\ndays_per_week = [0, 5]\n",
    "agents.csv": AGENTS_HEADER
    + b"A1,Li,2,phone,standard,full_time,0,40,30\nA2,Wang,2,chat,standard,full_time,0,40,30\n",
}


def test_the_data_sets_notes_are_in_chinese() -> None:
    notes = load_dataset(FOLDER).notes
    assert notes == [
        "queue chat/standard has a target but no history: it is forecast with no contacts, so "
        "nobody is rostered for it",
        "the history has no contacts in any queue on 2 day(s) (2026-11-10, 2026-11-11): they are "
        "read as closed days; if the data is missing instead, the forecast will be too low "
        "around them",
        "1 agent can serve no queue with history (A2): their shifts would have no contacts; "
        "check their channels, VIP levels and tier in agents.csv",
    ]
    assert [translate(n, "zh") for n in notes] == [
        "队列 chat/standard 有服务目标但没有历史数据：预测的咨询量为零，因此不会为它排班",
        "历史数据中有 2 天所有队列都没有咨询（2026-11-10, 2026-11-11）：这些天按停业日处理；"
        "如果其实是数据缺失，这些日期前后的预测会偏低",
        "有 1 名坐席无法服务任何有历史数据的队列（A2）：给他排的班次将没有咨询可接；"
        "请检查 agents.csv 中他的渠道、会员等级和级别（tier）",
    ]


def test_many_idle_agents_and_closed_days_are_counted_in_chinese() -> None:
    idle = "".join(f"B{i:02d},X,2,chat,standard,full_time,0,40,30\n" for i in range(12))
    history = b"interval_start,channel,vip_level,volume,aht_s\n" + (
        b"2026-11-01 10:00:00,phone,standard,5,300\n2026-11-09 10:00:00,phone,standard,5,300\n"
    )
    notes = load_dataset(
        {**FOLDER, "history.csv": history, "agents.csv": FOLDER["agents.csv"] + idle.encode()}
    ).notes
    days, agents = notes[1], notes[2]
    assert "(2026-11-02, 2026-11-03, 2026-11-04, 2026-11-05, 2026-11-06 and 2 more)" in days
    assert "（2026-11-02, 2026-11-03, 2026-11-04, 2026-11-05, 2026-11-06，另有 2 个）" in (
        translate(days, "zh")
    )
    assert agents.startswith("13 agents can serve no queue with history (A2, B00, ")
    assert translate(agents, "zh").startswith("有 13 名坐席无法服务任何有历史数据的队列（A2, B00, ")
    assert "，另有 3 个）" in translate(agents, "zh")


def test_a_data_folder_with_several_bad_files_is_all_chinese() -> None:
    bad = {
        **FOLDER,
        "agents.csv": AGENTS_HEADER + b"A1,Li,2,phone,standard,part_time,0,40,30\n",
        "time_off.csv": b"agent_id,start,end\nA9,2026-11-10,2026-11-09\n",
    }
    del bad["rules.toml"]
    missing = only(problems(lambda: load_dataset(bad)))
    assert (missing.file, translate(missing.message, "zh")) == ("rules.toml", "缺少必需的文件")
    found = problems(lambda: load_dataset({**bad, "rules.toml": FOLDER["rules.toml"]}))
    assert [(p.file, p.column, translate(p.message, "zh")) for p in found] == [
        ("agents.csv", "contract", "无法识别的合同类型"),
        ("time_off.csv", "end", "end 没有晚于 start"),
    ]
    assert translate(found[0].fix, "zh") == "请使用 rules.toml 中定义的合同类型之一：full_time"
    time_off = b"agent_id,start,end\nA9,2026-11-10,2026-11-11\n"
    unknown = only(problems(lambda: load_dataset({**FOLDER, "time_off.csv": time_off})))
    assert both(unknown) == (
        "unknown agent",
        "use an agent_id from agents.csv or delete the row",
        "无法识别的坐席",
        "请使用 agents.csv 中的 agent_id，或删除这一行",
    )


def test_a_history_too_short_for_a_backtest_is_explained_in_chinese() -> None:
    history = read_history(
        b"interval_start,channel,vip_level,volume\n"
        + "".join(f"2026-11-{d:02d} 10:00:00,phone,standard,4\n" for d in range(1, 15)).encode()
    )
    problem = only(problems(lambda: backtest(history, weeks=1)))
    assert str(problem) == (
        "the history covers 14 days but a 1-week backtest with 3 selection weeks before each "
        "cutoff needs at least 42 days (6 whole weeks). Fix: supply a longer history.csv, or "
        "use fewer backtest weeks (--weeks, or Backtest weeks in the app)."
    )
    assert translate(problem.message, "zh") == (
        "历史数据只有 14 天，但进行 1 周的回测（每个截止点之前还需 3 周用于选择模型）"
        "至少需要 42 天（6 个整周）"
    )
    assert translate(problem.fix, "zh") == (
        "请提供更长的 history.csv，或减少回测周数（命令行 --weeks，或应用中的“回测周数”）"
    )


def test_english_stays_english() -> None:
    problem = only(problems(lambda: read_history(b"", name="history.csv")))
    assert translate(problem.message, "en") == problem.message == "file is empty"
    assert translate(problem.fix, "en") == (
        "add a header row (interval_start, channel, volume) and at least one data row"
    )


# --- the readers build every message with msg() ----------------------------------------------

#: the library files of this part: reading and checking the planner's input files
FILES = (
    "staffing/tabular.py",
    "staffing/agents.py",
    "staffing/rules.py",
    "staffing/targets.py",
    "staffing/dataset.py",
    "staffing/io.py",
    "staffing/errors.py",
    "forecast/history.py",
    "forecast/backtest.py",
    "forecast/api.py",
    "forecast/panel.py",
)
#: calls whose arguments become a message or a fix: positions, then keywords
MESSAGE_ARGUMENTS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "add": ((0,), ("message", "fix")),  # ProblemCollector.add
    "Problem": ((), ("message", "fix")),
    "_Checker.add": ((2, 3), ("message", "fix")),  # rules.toml: (key, value, message, fix)
    "on_grid": ((3,), ("what",)),
    "_report_bad": ((4, 5), ("message", "fix")),
    "_fail": ((1, 2), ("message", "fix")),
    "targets.add": ((3, 4), ("message", "fix")),  # (where, key, value, message, fix)
    "bad": ((1, 2), ("message", "fix")),
    "parse_numbers": ((), ("what",)),
    "check_allowed": ((), ("what", "fix_hint")),
    "check_duplicates": ((3,), ("fix",)),
    "_check_list": ((6,), ("what",)),
    "_read_agent_spans": ((3,), ("end_fix",)),
    "check_history_length": ((2,), ("purpose", "fewer")),
}


def _kind(path: str, call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "add":
        receiver = func.value
        if (
            path.endswith("rules.py")
            and isinstance(receiver, ast.Name)
            and receiver.id in ("checker", "self")
        ):
            return "_Checker.add"
        if isinstance(receiver, ast.Name) and receiver.id in ("names", "seen"):
            return None  # a set
        return "add"
    if isinstance(func, ast.Attribute):
        name = func.attr
    elif isinstance(func, ast.Name):
        name = func.id
    else:
        return None
    if name == "add" and path.endswith("targets.py"):
        return "targets.add"
    return name if name in MESSAGE_ARGUMENTS else None


def _plain_text(node: ast.expr, keyword: str | None) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return not (node.value == "" and keyword in ("fix", "fix_hint"))
    if isinstance(node, ast.IfExp):
        return _plain_text(node.body, keyword) or _plain_text(node.orelse, keyword)
    if isinstance(node, ast.BinOp):  # "..." + ", ".join(...)
        return _plain_text(node.left, keyword) or _plain_text(node.right, keyword)
    return False


#: functions whose messages only the command line or a programmer sees (they stay English)
ENGLISH_ONLY = {"__str__", "report", "parameter_error"}


def _column_name(call: ast.Call, node: ast.expr, keyword: str | None) -> bool:
    """``parse_numbers(table, "volume", ..., what="volume")``: the column's name is data."""
    column = call.args[1] if len(call.args) > 1 else None
    return (
        keyword == "what"
        and isinstance(column, ast.Constant)
        and isinstance(node, ast.Constant)
        and node.value == column.value
    )


def plain_messages(path: str, source: str | None = None) -> list[str]:
    """Where a message or fix argument is a literal or an f-string (``path:line``)."""
    if source is None:
        source = (ROOT / path).read_text(encoding="utf-8")
    tree = ast.parse(source)
    skipped = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and function.name in ENGLISH_ONLY
        for node in ast.walk(function)
    }
    found = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or id(call) in skipped:
            continue
        kind = _kind(path, call)
        if kind is None:
            continue
        positions, keywords = MESSAGE_ARGUMENTS[kind]
        arguments = [(call.args[i], None) for i in positions if i < len(call.args)]
        arguments += [
            (k.value, k.arg)
            for k in call.keywords
            if k.arg in keywords and not _column_name(call, k.value, k.arg)
        ]
        found += [f"{path}:{node.lineno}" for node, kw in arguments if _plain_text(node, kw)]
    return sorted(found, key=lambda where: int(where.rsplit(":", 1)[1]))


@pytest.mark.parametrize("path", FILES)
def test_no_message_is_plain_english_text(path: str) -> None:
    """A message or fix given as a literal or an f-string would show in English in the
    Chinese app: build it with msg() (the template then needs a zh_data entry)."""
    assert not plain_messages(path)


def test_the_guard_sees_plain_text() -> None:
    sample = (
        "problems.add(f'x {y}', fix='z')\nchecker.add(f'k.{a}', v, 'must be', msg('m'))\n"
        "_report_bad(p, f, c, b, msg('m'), 'fix it')\nProblem(message=msg('a'), fix='')\n"
        "parse_numbers(t, 'tier', p, what='tier')\nparse_numbers(t, 'aht_s', p, what='time')\n"
        "def parameter_error():\n    Problem(message=f'{x}')\n"
    )
    found = plain_messages("staffing/rules.py", sample)
    assert [f.rsplit(":", 1)[1] for f in found] == ["1", "1", "2", "3", "6"]
