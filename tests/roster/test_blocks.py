"""Stage 3 on tiny instances: blocks follow demand, the local search moves shifts only within
the weekly rules, and each kept change lowers the real objective."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from staffing.roster.assign import Assignment
from staffing.roster.blocks import _Stretches, place_blocks
from staffing.roster.checks import agent_limits
from staffing.roster.objective import MONEY_UNITS, OVERSTAFF_UNITS, SWITCH_UNITS, Weights
from staffing.roster.problem import RosterProblem
from staffing.roster.shifts import ShiftSpace
from staffing.roster.solve import price

from .test_solve import MONDAY, SHORT_BREAK, agent, demand, late_then_early, rules


def setup(requirements: pd.DataFrame, agents: list, rule_set: object) -> tuple:
    problem = RosterProblem.from_frames(requirements=requirements, agents=agents, rules=rule_set)
    space = ShiftSpace(problem)
    return problem, space, Weights.of(problem, space), agent_limits(problem, space)


def pattern(problem: RosterProblem, hour: int, length_h: int) -> int:
    step = 60 // problem.interval_minutes
    return next(
        s
        for s, p in enumerate(problem.patterns)
        if p.start == hour * step and p.length == length_h * step
    )


def stretch_values(table: _Stretches, i: int, ends: range) -> np.ndarray:
    return table.values(np.full(len(ends), i), np.array(ends))


def test_stretch_table_splits_into_blocks_of_the_minimum_length() -> None:
    gain = np.array([[5e3, 5e3, 0.0, 0.0], [0.0, 0.0, 5e3, 5e3]])
    table = _Stretches(gain, 2)
    assert stretch_values(table, 0, range(4, 5))[0] == pytest.approx(20e3 - SWITCH_UNITS)
    assert table.blocks(0, 4) == [(0, 0, 2), (1, 2, 4)]
    assert stretch_values(table, 0, range(1, 2))[0] < -1e15  # shorter than one block
    assert _Stretches(gain / 1e3, 2).blocks(0, 4) == [(0, 0, 4)]  # a switch costs more


def best_split(gain: np.ndarray, i: int, j: int, block: int) -> float:
    """Every split of i..j into 1 to 3 blocks of at least ``block``, each on its best queue."""
    best = -np.inf
    for k in range(1, 4):
        for cuts in itertools.combinations(range(i + 1, j), k - 1):
            edges = [i, *cuts, j]
            if all(e - b >= block for b, e in itertools.pairwise(edges)):
                value = sum(gain[:, b:e].sum(axis=1).max() for b, e in itertools.pairwise(edges))
                best = max(best, value - SWITCH_UNITS * (k - 1))
    return best


def test_stretch_table_on_stretch_starts_only_matches_every_split() -> None:
    rng = np.random.default_rng(3)
    gain = np.where(rng.random((4, 20)) < 0.5, 5e3, -10.0)
    starts = np.array([0, 6, 9])
    full, part = _Stretches(gain, 4), _Stretches(gain, 4, starts)
    for i in starts:
        ends = range(int(i) + 4, 21)
        values = stretch_values(part, int(i), ends)
        assert np.array_equal(values, stretch_values(full, int(i), ends))
        for j, value in zip(ends, values, strict=True):
            assert value == pytest.approx(best_split(gain, int(i), j, 4))
            blocks = part.blocks(int(i), j)
            assert blocks == full.blocks(int(i), j)
            laid_out = sum(full.prefix[q, e] - full.prefix[q, b] for q, b, e in blocks)
            assert laid_out - SWITCH_UNITS * (len(blocks) - 1) == pytest.approx(value)


def test_blocks_follow_two_queues_exact_objective() -> None:
    requirements = pd.concat(
        [demand("2026-11-09 08:00", 2), demand("2026-11-09 10:00", 2, channel="phone")],
        ignore_index=True,
    )
    both = agent("A1", channels=("chat", "phone"), cost=10)
    problem, space, weights, limits = setup(requirements, [both], rules())
    shifts = place_blocks(
        problem,
        space,
        weights,
        limits,
        [Assignment(agent=0, day=0, pattern=pattern(problem, 8, 4))],
    )
    (shift,) = shifts
    assert [(b.queue, b.end - b.start) for b in shift.blocks] == [(0, 8), (1, 8)]
    parts, _ = price(problem, space, weights, shifts, {})
    assert parts.shortfall == 0 and parts.overstaffing == 0
    assert parts.total == 40 * MONEY_UNITS + SWITCH_UNITS


def test_local_search_moves_a_shift_onto_the_demand() -> None:
    problem, space, weights, limits = setup(demand("2026-11-10 12:00", 4), [agent("A1")], rules())
    start = [Assignment(agent=0, day=1, pattern=pattern(problem, 8, 4))]
    (shift,) = place_blocks(problem, space, weights, limits, start)
    assert shift.pattern == pattern(problem, 12, 4)
    parts, _ = price(problem, space, weights, [shift], {})
    assert parts.total == 80 * MONEY_UNITS  # 4 h at 20, nothing short


def _search_only_in(monkeypatch, where: str) -> None:  # type: ignore[no-untyped-def]
    """A parallel search where only ``where`` ("copy" or "here") searches; the other side does
    nothing or, as the copy, never answers."""
    import os
    import time

    import staffing.roster.blocks as blocks

    here, real = os.getpid(), blocks._phase

    def phase(*args):  # type: ignore[no-untyped-def]
        in_copy = os.getpid() != here
        if in_copy == (where == "copy"):
            real(*args)
        elif in_copy:
            time.sleep(3600)

    monkeypatch.setattr(blocks, "_phase", phase)
    monkeypatch.setattr(blocks, "PARALLEL_MIN_SECONDS", 0.0)
    monkeypatch.setattr(blocks, "PARALLEL_GRACE_S", 0.5)
    monkeypatch.setattr(blocks, "_may_fork", lambda: True)


def test_a_parallel_search_keeps_the_forked_copys_better_roster(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    _search_only_in(monkeypatch, "copy")
    problem, space, weights, limits = setup(demand("2026-11-10 12:00", 4), [agent("A1")], rules())
    start = [Assignment(agent=0, day=1, pattern=pattern(problem, 8, 4))]
    deadline = time.monotonic() + 1.0
    (shift,) = place_blocks(
        problem, space, weights, limits, start, deadline=deadline, parallel=True
    )
    assert shift.pattern == pattern(problem, 12, 4)  # only the copy moved it onto the demand


def test_a_forked_copy_that_does_not_answer_is_stopped(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    _search_only_in(monkeypatch, "here")
    problem, space, weights, limits = setup(demand("2026-11-10 12:00", 4), [agent("A1")], rules())
    start = [Assignment(agent=0, day=1, pattern=pattern(problem, 8, 4))]
    began = time.monotonic()
    (shift,) = place_blocks(
        problem, space, weights, limits, start, deadline=began + 1.0, parallel=True
    )
    assert time.monotonic() - began < 1.0 + 2 * 0.5 + 1.0  # two rounds, each 0.5 s of grace
    assert shift.pattern == pattern(problem, 12, 4)


def test_local_search_keeps_fixed_shifts_and_minimum_days() -> None:
    full = agent("A1", contract="full", min_h=20)
    problem, space, weights, limits = setup(demand("2026-11-09 12:00", 4), [full], rules())
    week = [Assignment(agent=0, day=d, pattern=pattern(problem, 8, 4)) for d in range(5)]
    shifts = place_blocks(problem, space, weights, limits, week, fixed={(0, 0)})
    assert len(shifts) == 5  # five days are the contract's minimum: no day is dropped
    assert {(x.day, x.pattern) for x in shifts} >= {(0, pattern(problem, 8, 4))}


def test_local_search_never_breaks_min_rest() -> None:
    late_early, requirements = late_then_early()
    problem, space, weights, limits = setup(requirements, [agent("A1")], late_early)
    week = [
        Assignment(agent=0, day=0, pattern=pattern(problem, 20, 4)),
        Assignment(agent=0, day=1, pattern=pattern(problem, 12, 4)),
    ]
    shifts = place_blocks(problem, space, weights, limits, week)
    ends = {x.day: space.shift_start(x.day, x.pattern) for x in shifts}
    if 0 in ends and 1 in ends:
        assert ends[1] - (ends[0] + 16) >= 11 * 4


def _assign_model(problem, space, weights, limits, planned, widen=False, pins=()):  # type: ignore[no-untyped-def]
    """Stage 2's model of the first group, built."""
    from staffing.roster.assign import AssignModel, build_assign

    m = AssignModel(
        problem=problem,
        space=space,
        limits=limits,
        weights=weights,
        group=space.groups[0],
        planned=planned,
        profile=np.zeros(problem.n_horizon_intervals),
        pins=list(pins),
        published={},
        widen=widen,
    )
    return build_assign(m)


def test_stage_2_names_the_agent_and_rule_when_its_model_has_no_solution() -> None:
    """Pins that break min_rest_h, given straight to stage 2's model (the checks before it
    would stop them): the explanation names the agent and the rule, not a bare failure."""
    from staffing.roster.assign import explain_infeasible
    from staffing.roster.checks import PinnedShift, RosterConflict
    from staffing.roster.solve import solver_parameters

    late_early, requirements = late_then_early()
    problem, space, weights, limits = setup(requirements, [agent("A1")], late_early)
    pins = [
        PinnedShift(agent=0, day=0, pattern=pattern(problem, 20, 4)),
        PinnedShift(agent=0, day=1, pattern=pattern(problem, 6, 4)),
    ]
    m = _assign_model(problem, space, weights, limits, planned={}, widen=True, pins=pins)
    conflict = explain_infeasible(m, solver_parameters(5.0))
    assert isinstance(conflict, RosterConflict)
    assert "Agent A1 with 2 pinned shift(s): rule 'min_rest_h'" in str(conflict)


def test_greedy_week_is_a_roster_only_when_it_keeps_every_rule() -> None:
    from staffing.roster.assign import _Week, week_is_valid

    full = agent("A1", contract="full", min_h=20)
    problem, space, weights, limits = setup(demand("2026-11-09 08:00", 4), [full], rules())
    s = pattern(problem, 8, 4)
    m = _assign_model(problem, space, weights, limits, planned={(d, s): 1 for d in range(5)})
    five = _Week(days=5, paid=80, shifts={d: s for d in range(5)})
    four = _Week(days=4, paid=64, shifts={d: s for d in range(4)})
    assert week_is_valid(m, {0: five})
    assert not week_is_valid(m, {0: four})  # below the contract's five days


def test_a_greedy_week_that_keeps_every_rule_hints_every_variable() -> None:
    """Stage 2 starts CP-SAT from the greedy week as a whole solution (coverage counts and
    fairness terms too), so a short solve cannot come back worse than the greedy week; a week
    that breaks a rule hints only the shifts."""
    from ortools.sat.python import cp_model

    from staffing.roster.assign import _Week, greedy_hint
    from staffing.roster.solve import solver_parameters

    full = agent("A1", contract="full", min_h=20)
    problem, space, weights, limits = setup(demand("2026-11-09 08:00", 4), [full], rules())
    s = pattern(problem, 8, 4)
    planned = {(d, s): 1 for d in range(5)}
    m = _assign_model(problem, space, weights, limits, planned=planned)
    greedy_hint(
        m, {0: _Week(days=5, paid=80, shifts={d: s for d in range(5)})}, solver_parameters(5.0)
    )
    hint = m.model.proto.solution_hint
    assert sorted(hint.vars) == list(range(len(m.model.proto.variables)))
    hinted = dict(zip(hint.vars, hint.values, strict=True))
    assert all(hinted[v.index] == (key[1] < 5) for key, v in m.works.items())
    params = solver_parameters(5.0)
    params.fix_variables_to_their_hinted_value = True
    solver = cp_model.CpSolver()
    solver.parameters.copy_from(params)
    assert solver.solve(m.model) == cp_model.OPTIMAL
    # 80 paid intervals, each at work above the (empty) planned profile
    assert solver.objective_value == 80 * (int(weights.cost_per_interval[0]) + OVERSTAFF_UNITS)

    m = _assign_model(problem, space, weights, limits, planned=planned)
    four = _Week(days=4, paid=64, shifts={d: s for d in range(4)})  # below the five days
    greedy_hint(m, {0: four}, solver_parameters(5.0))
    assert sorted(m.model.proto.solution_hint.vars) == sorted(v.index for v in m.works.values())


def test_greedy_week_hands_shifts_to_whoever_is_below_the_minimum() -> None:
    """A (8 h minimum) holds 10 h and B (10 h minimum, two days at most) holds 8 h: exchanging
    their Monday shifts puts both on their minimum. C's extra day goes to D, who is free that
    day. E and F (two days at most) share no day: E's Monday for F's Wednesday takes F to her
    minimum. The shifts worked stay the same; only E stays above her minimum."""
    from staffing.roster.assign import _balance, _Week

    two_days = {"flex": {"days_per_week": [0, 5]}, "two": {"days_per_week": [0, 2]}}
    shifts = {
        "lengths_h": [4, 6],
        "start_step_minutes": 60,
        "earliest_start": "08:00",
        "latest_start": "12:00",
    }
    staff = [
        agent("A", min_h=8, cost=20),
        agent("B", contract="two", min_h=10, cost=30),
        agent("C", min_h=8, cost=20),
        agent("D", min_h=4, cost=20),
        agent("E", contract="two", min_h=8, cost=20),
        agent("F", contract="two", min_h=10, cost=20),
    ]
    problem, space, weights, limits = setup(
        demand("2026-11-09 08:00", 4), staff, rules(shifts=shifts, contracts=two_days)
    )
    four, six = pattern(problem, 8, 4), pattern(problem, 8, 6)
    m = _assign_model(problem, space, weights, limits, planned={}, widen=True)
    weeks = {
        0: _Week(days=2, paid=40, shifts={0: six, 1: four}),
        1: _Week(days=2, paid=32, shifts={0: four, 1: four}),
        2: _Week(days=3, paid=48, shifts={2: four, 3: four, 4: four}),  # 4 h above
        3: _Week(days=0, paid=0, shifts={}),  # 4 h below
        4: _Week(days=2, paid=48, shifts={0: six, 1: six}),  # 4 h above
        5: _Week(days=2, paid=32, shifts={2: four, 3: four}),  # 2 h below
    }
    worked = sorted((d, s) for w in weeks.values() for d, s in w.shifts.items())
    _balance(m, weeks)
    assert [w.paid for w in weeks.values()] == [32, 40, 32, 16, 40, 40]
    assert weeks[5].shifts == {0: six, 3: four}
    assert sorted((d, s) for w in weeks.values() for d, s in w.shifts.items()) == worked
    assert all(w.days == len(w.shifts) for w in weeks.values())


def test_greedy_week_follows_stage_1s_days_per_agent() -> None:
    """Stage 1 plans both agents (two days at most) on two days: one shift on Monday and
    Tuesday, two on Wednesday. The cheaper agent must not take both early days, or nobody is
    left for Wednesday's second shift: the agent with the fewest free days beyond the days
    still planned goes first, and every planned shift is placed."""
    from dataclasses import replace

    from staffing.roster.assign import greedy_week

    shifts = {
        "lengths_h": [4],
        "start_step_minutes": 60,
        "earliest_start": "08:00",
        "latest_start": "08:00",
    }
    staff = [agent("A", contract="two", cost=10), agent("B", contract="two", cost=30)]
    problem, space, weights, limits = setup(
        demand("2026-11-09 08:00", 4),
        staff,
        rules(shifts=shifts, contracts={"two": {"days_per_week": [0, 2]}}),
    )
    four = pattern(problem, 8, 4)
    planned = {(0, four): 1, (1, four): 1, (2, four): 2}
    m = _assign_model(problem, space, weights, limits, planned=planned)
    m = replace(m, target_days=np.array([2, 2]), target_paid=np.array([32.0, 32.0]))
    weeks = greedy_week(m)
    assert {a: sorted(w.shifts) for a, w in weeks.items()} == {0: [0, 2], 1: [1, 2]}


def _roster(problem, space, weights, limits, assignments, fixed=()):  # type: ignore[no-untyped-def]
    from staffing.roster.blocks import _Roster

    roster = _Roster(problem, space, weights, limits, assignments, set(fixed))
    for x in assignments:
        roster.place(x.agent, x.day, improve_only=False)
    return roster


def _blocks_on(problem, a: int, d: int, s: int, queue: int) -> list:  # type: ignore[no-untyped-def]
    from staffing.roster.blocks import Block

    first = d * problem.intervals_per_day + problem.patterns[s].start
    return [Block(start=first, end=first + problem.patterns[s].length, queue=queue)]


def test_a_scarce_short_queue_is_served_first() -> None:
    """Chat and email are both short when A1 (chat and email) gets her blocks: she takes
    email, which only she may serve, and B1 (chat only) then comes in for chat."""
    requirements = pd.concat(
        [demand("2026-11-09 08:00", 4), demand("2026-11-09 08:00", 4, channel="email")],
        ignore_index=True,
    )
    both = agent("A1", channels=("chat", "email"))
    problem, space, weights, limits = setup(requirements, [both, agent("B1")], rules())
    start = [Assignment(agent=0, day=0, pattern=pattern(problem, 8, 4))]
    shifts = place_blocks(problem, space, weights, limits, start)
    parts, _ = price(problem, space, weights, shifts, {})
    assert parts.shortfall == 0


def test_ruin_and_recreate_follows_an_ejection_chain() -> None:
    """A1 (chat and email) sits on chat, email is short and B1 (chat only) is off: no single
    agent-day can gain on its own; taking both out and putting them back does, exactly."""
    requirements = pd.concat(
        [demand("2026-11-09 08:00", 4), demand("2026-11-09 08:00", 4, channel="email")],
        ignore_index=True,
    )
    both = agent("A1", channels=("chat", "email"))
    email = agent("C1", channels=("email",))  # on leave: chat and email equally scarce
    leave = pd.DataFrame(
        {"agent_id": ["C1"], "start": [MONDAY], "end": [MONDAY + pd.Timedelta(days=1)]}
    )
    problem = RosterProblem.from_frames(
        requirements=requirements,
        agents=[both, agent("B1"), email],
        rules=rules(),
        time_off=leave,
    )
    space = ShiftSpace(problem)
    weights, limits = Weights.of(problem, space), agent_limits(problem, space)
    s = pattern(problem, 8, 4)
    roster = _roster(problem, space, weights, limits, [])
    chat = next(q for q, x in enumerate(problem.queues) if x.channel == "chat")
    roster.set_day(0, 0, (s, _blocks_on(problem, 0, 0, s, chat)))
    assert not roster.place(0, 0) and not roster.place(1, 0)  # stuck for best responses
    groups = {roster.group_of[a] for a in (0, 1)}
    before = roster.cost_of([(0, 0), (1, 0)], groups)
    rng = np.random.default_rng(0)
    assert any(roster.ruin_and_recreate([(0, 0), (1, 0)], rng) for _ in range(4))
    after = roster.cost_of([(0, 0), (1, 0)], groups)
    email_weight = int(weights.shortfall[1 - chat])
    assert before - after == 16 * email_weight - 16 * int(weights.cost_per_interval[1])
    assert (roster.scheduled[:, : problem.n_week_intervals] >= problem.required).all()


def test_ruin_and_recreate_lets_two_agents_trade_times() -> None:
    """Email is short in the afternoon; A1 (chat and email) covers the morning's chat and B1
    (chat only) sits idle on chat in the afternoon. Neither gains alone; the ejection chain
    takes B1 as A1's stand-in and the two trade times, covering everything."""
    requirements = pd.concat(
        [demand("2026-11-09 08:00", 4), demand("2026-11-09 12:00", 4, channel="email")],
        ignore_index=True,
    )
    leave = pd.DataFrame(
        {"agent_id": ["C1"], "start": [MONDAY], "end": [MONDAY + pd.Timedelta(days=1)]}
    )
    problem = RosterProblem.from_frames(
        requirements=requirements,
        agents=[
            agent("A1", channels=("chat", "email"), min_h=4),
            agent("B1", min_h=4),
            agent("C1", channels=("email",)),  # on leave: chat and email equally scarce
        ],
        rules=rules(),
        time_off=leave,
    )
    space = ShiftSpace(problem)
    weights, limits = Weights.of(problem, space), agent_limits(problem, space)
    morning, afternoon = pattern(problem, 8, 4), pattern(problem, 12, 4)
    week = [
        Assignment(agent=0, day=0, pattern=morning),
        Assignment(agent=1, day=0, pattern=afternoon),
    ]
    roster = _roster(problem, space, weights, limits, week)
    assert not roster.place(0, 0) and not roster.place(1, 0)  # stuck for best responses
    rng = np.random.default_rng(0)
    afternoon_start = space.shift_start(0, afternoon)
    assert roster._stand_in(0, 0, afternoon_start, rng) == [(1, 0)]
    assert any(roster.ruin_and_recreate([(0, 0), (1, 0)], rng) for _ in range(4))
    assert roster.patterns == {(0, 0): afternoon, (1, 0): morning}
    assert (roster.scheduled[:, : problem.n_week_intervals] >= problem.required).all()


def _works_monday_to_friday_with_saturday_short():  # type: ignore[no-untyped-def]
    """A full-time agent at her five days, Monday to Friday; nothing is needed on Monday and
    chat is short on Saturday."""
    full = agent("A1", contract="full", min_h=20)
    requirements = pd.concat(
        [demand("2026-11-09 08:00", 4, agents=0), demand("2026-11-14 08:00", 4)],
        ignore_index=True,
    )
    problem, space, weights, limits = setup(requirements, [full], rules())
    s = pattern(problem, 8, 4)
    week = [Assignment(agent=0, day=d, pattern=s) for d in range(5)]
    return problem, _roster(problem, space, weights, limits, week)


def test_ruin_and_recreate_moves_a_shift_to_another_day_within_the_contract() -> None:
    """A full-time agent at her five days works Monday, where nothing is needed; moving the
    shift to Saturday, where chat is short, takes two agent-days at once."""
    problem, roster = _works_monday_to_friday_with_saturday_short()
    assert not roster.place(0, 5) and not roster.place(0, 0)
    rng = np.random.default_rng(0)
    for _ in range(8):  # put back in a random order: Saturday first moves the shift
        roster.ruin_and_recreate([(0, 5), (0, 0)], rng)
    assert (0, 5) in roster.patterns and (0, 0) not in roster.patterns
    assert roster.days_of[0] == 5
    assert (roster.scheduled[:, : problem.n_week_intervals] >= problem.required).all()


def at_work(roster) -> list[set[int]]:  # type: ignore[no-untyped-def]
    return [{a for a, d in roster.patterns if d == day} for day in range(7)]


def test_a_day_move_brings_an_agent_who_is_off_to_the_short_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Saturday's chat is short and the only agent who may serve it is off that day: the day
    move takes out Saturday with one of her working days, so the shift can move."""
    import staffing.roster.blocks as blocks

    _, roster = _works_monday_to_friday_with_saturday_short()
    monkeypatch.setattr(blocks, "DAY_MOVE_SHARE", 1.0)
    rng = np.random.default_rng(0)
    keys = roster.ruin_keys(rng)
    assert keys[0] == (0, 5) and keys[1][0] == 0 and keys[1][1] in range(5)
    while not roster.ruin_and_recreate(keys, rng):  # a random order: Saturday first moves it
        pass
    assert (0, 5) in roster.patterns and roster.days_of[0] == 5
    assert roster.at_work == at_work(roster)  # the day index follows the move


def test_ruin_and_recreate_restores_what_does_not_gain() -> None:
    full = agent("A1", contract="full", min_h=20)
    problem, space, weights, limits = setup(demand("2026-11-09 08:00", 4), [full], rules())
    s = pattern(problem, 8, 4)
    week = [Assignment(agent=0, day=d, pattern=s) for d in range(5)]
    roster = _roster(problem, space, weights, limits, week)
    patterns, scheduled = dict(roster.patterns), roster.scheduled.copy()
    roster.ruin_and_recreate([(0, 0), (0, 1)], np.random.default_rng(0))
    assert roster.patterns == patterns and (roster.scheduled == scheduled).all()
    assert roster.at_work == at_work(roster)


def test_ruin_and_recreate_never_takes_an_agent_below_the_contract() -> None:
    """Tuesday and Wednesday are not needed, but the contract says five days: whatever order
    they are put back in, both come back (dropping them would be cheaper)."""
    full = agent("A1", contract="full", min_h=20)
    problem, space, weights, limits = setup(demand("2026-11-09 08:00", 4), [full], rules())
    s = pattern(problem, 8, 4)
    week = [Assignment(agent=0, day=d, pattern=s) for d in range(5)]
    roster = _roster(problem, space, weights, limits, week)
    for seed in range(6):
        roster.ruin_and_recreate([(0, 1), (0, 2)], np.random.default_rng(seed))
        assert roster.days_of[0] == 5 and roster.paid_of[0] >= limits.min_paid[0]


def test_held_hours_offer_no_longer_shift_until_released() -> None:
    """While hours are held at what the week has, A1 (4 h a week at least, on a 4 h shift)
    is offered only 4 h shifts on that day; released, the 6 h ones too."""
    shifts = {
        "lengths_h": [4, 6],
        "start_step_minutes": 60,
        "earliest_start": "08:00",
        "latest_start": "12:00",
    }
    problem, space, weights, limits = setup(
        demand("2026-11-09 08:00", 6), [agent("A1", min_h=4)], rules(shifts=shifts)
    )
    roster = _roster(problem, space, weights, limits, [Assignment(agent=0, day=0, pattern=0)])
    roster.max_paid = np.maximum(limits.min_paid, roster.paid_of)
    held, _ = roster.options(0, 0)
    assert set(space.pattern_lengths[held]) == {16}
    roster.max_paid = limits.max_paid
    released, _ = roster.options(0, 0)
    assert set(space.pattern_lengths[released]) == {16, 24}


def test_optimistic_values_never_undercut_a_pattern_with_its_breaks() -> None:
    """The pruning bound (best queue everywhere, minus the least each break must cost) is at
    least every pattern's real value, and exact when every interval is short."""
    from staffing.roster.blocks import _Roster

    lunch = {"name": "lunch", "minutes": 60, "paid": False, "min_shift_h": 8}
    with_breaks = rules(
        shifts={
            "lengths_h": [4, 8],
            "start_step_minutes": 60,
            "earliest_start": "06:00",
            "latest_start": "14:00",
        },
        breaks=[SHORT_BREAK, {**lunch, "window_after_start_h": [3.0, 5.0]}],
    )
    requirements = demand("2026-11-09 06:00", 16)
    times = requirements["interval_start"]
    quiet = (times == "2026-11-09 08:00") | times.between("2026-11-09 10:00", "2026-11-09 10:45")
    requirements.loc[quiet, "required_agents"] = 0  # where the breaks go for free
    problem, space, weights, limits = setup(requirements, [agent("A1")], with_breaks)
    roster = _Roster(problem, space, weights, limits, [], set())
    candidates, _ = roster.options(0, 0)
    gain = roster.gains(0, 0, roster.day_span)
    best = np.maximum(gain.max(axis=0), 0.0)
    top = np.concatenate([[0.0], np.cumsum(best)])
    offset = roster.starts[candidates]
    bounds = top[offset + roster.lengths[candidates]] - top[offset]
    bounds -= roster._break_losses(candidates, best)
    tight = 0
    for s, bound in zip(candidates, bounds, strict=True):
        value, _ = roster.coverage_value(0, int(s), gain, 0)
        assert value <= bound + 1e-6
        tight += value == pytest.approx(bound)
    assert tight  # 06:00-14:00 takes its break at 08:00 and lunch at 10:00, both free
    everywhere = np.full_like(gain, 1e5)
    flat = np.maximum(everywhere.max(axis=0), 0.0)
    for s, loss in zip(candidates, roster._break_losses(candidates, flat), strict=True):
        value, _ = roster.coverage_value(0, int(s), everywhere, 0)
        assert value == pytest.approx(1e5 * roster.lengths[s] - loss)


def test_placement_values_follow_the_coverage_not_the_pattern() -> None:
    """A pattern's break placement values are kept per gain window, so once the coverage
    under the window changes the pattern is priced afresh, as a new roster prices it."""
    from staffing.roster.blocks import _Roster

    with_breaks = rules(
        shifts={
            "lengths_h": [4],
            "start_step_minutes": 60,
            "earliest_start": "06:00",
            "latest_start": "10:00",
        },
        breaks=[SHORT_BREAK],
    )
    problem, space, weights, limits = setup(
        demand("2026-11-09 06:00", 8), [agent("A1"), agent("A2")], with_breaks
    )
    roster = _Roster(problem, space, weights, limits, [], set())
    s = int(roster.options(0, 0)[0][0])

    def priced(r: _Roster) -> tuple[float, int]:
        return r.coverage_value(0, s, r.gains(0, 0, r.day_span), 0)

    alone = priced(roster)
    assert priced(roster) == alone and len(roster.placement_values) == 1
    roster.set_day(1, 0, roster.layout(1, 0, roster.choose(1, 0, only=s)[1]))
    fresh = _Roster(problem, space, weights, limits, [], set())
    fresh.set_day(1, 0, roster.day_choice(1, 0))
    assert priced(roster) == priced(fresh) != alone


def test_a_day_is_valued_the_same_way_when_chosen_and_when_kept() -> None:
    """Shifts that start before email opens (its intervals are blocked there) on agents who
    may serve a scarce queue (a bonus of 5 x 6/7 units): the value :meth:`choose` gives a
    day's own pattern is exactly the value of the day as laid out, so a best response never
    "gains" by laying out the same day again (best-response passes end)."""
    requirements = pd.concat(
        [demand("2026-11-09 06:00", 12, 3), demand("2026-11-09 09:00", 9, 2, channel="email")],
        ignore_index=True,
    )
    shifts = {
        "lengths_h": [8],
        "start_step_minutes": 60,
        "earliest_start": "06:00",
        "latest_start": "10:00",
    }
    rule_set = rules(shifts=shifts, opening_hours={"email": ["09:00", "21:00"]})
    agents = [agent("A1", channels=("chat", "email")), *(agent(f"C{k}") for k in range(6))]
    problem, space, weights, limits = setup(requirements, agents, rule_set)
    start = [Assignment(agent=a, day=0, pattern=pattern(problem, 6 + a % 4, 8)) for a in range(4)]
    roster = _roster(problem, space, weights, limits, start)
    for a in range(4):
        roster.place(a, 0, improve_only=False)  # its best layout against the others
        roster.add(a, 0, -1)
        kept = roster.current_value(a, 0)
        chosen, _, _ = roster.choose(a, 0, only=roster.patterns[a, 0])
        roster.add(a, 0, +1)
        assert chosen == kept


def test_breaks_placed_jointly_leave_nothing_short_where_two_breaks_collided() -> None:
    """A1 and A2 work 08:00-12:00 with their breaks both at 09:00, where one agent is needed
    (two elsewhere, one again at 10:00): the joint placement keeps A1's break (kept among
    equals) and moves A2's to 10:00, so nothing is short; exact objective: 2 x 4 h at 20."""
    from staffing.roster.blocks import _Roster

    requirements = demand("2026-11-09 08:00", 4, 2)
    quiet = requirements["interval_start"].dt.strftime("%H:%M").isin(["09:00", "10:00"])
    requirements.loc[quiet, "required_agents"] = 1
    problem, space, weights, limits = setup(
        requirements, [agent("A1"), agent("A2")], rules(breaks=[SHORT_BREAK])
    )
    s = pattern(problem, 8, 4)
    roster = _Roster(problem, space, weights, limits, [], set())
    for a in (0, 1):
        roster.set_day(a, 0, roster.layout(a, 0, (s, 0)))  # the break at 09:00
    assert roster.placement(0, 0) == roster.placement(1, 0) == 0
    assert roster.place_breaks_jointly(5.0) == 1
    breaks = {a: [b.start for b in roster.blocks[a, 0] if b.break_rule is not None] for a in (0, 1)}
    assert breaks == {0: [36], 1: [40]}  # 09:00 and 10:00
    parts, _ = price(problem, space, weights, roster.planned(), {})
    assert parts.shortfall == 0
    assert parts.total == 2 * 4 * 20 * MONEY_UNITS


def test_joint_break_counts_are_whole_and_keep_their_total() -> None:
    from staffing.roster.breaks import _rounded

    assert _rounded(np.array([0.5, 0.5, 1.0]), 2) == {1: 1, 2: 1}
    assert _rounded(np.array([0.3, 0.3, 0.4]), 1) == {1: 1}
    counts = _rounded(np.array([1.2, 0.9, 2.9]), 5)
    assert sum(counts.values()) == 5 and counts == {0: 1, 1: 1, 2: 3}
