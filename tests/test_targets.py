"""targets.toml: the sample file reads, and every kind of mistake is reported at once."""

from __future__ import annotations

from importlib import resources

import pytest

from staffing.errors import StaffingInputError
from staffing.targets import read_targets


def test_sample_template_reads() -> None:
    data = resources.files("staffing.templates").joinpath("targets.toml").read_bytes()
    targets = read_targets(data, name="targets.toml")
    assert len(targets.queues) == 12
    models = {q.channel: q.model for q in targets.queues}
    assert models == {"phone": "erlang_a", "chat": "chat", "messaging": "chat", "email": "deferred"}
    assert targets.shrinkage == 0.25
    phone_vip = targets.queue("phone", "vip")
    assert phone_vip is not None and phone_vip.patience_s == 240 and phone_vip.min_tier == 2
    assert targets.service_level_definition == "answered_within_over_offered"


GOOD = b"""
shrinkage = 0.2
[bot_deflection]
chat = 0.3
[[queues]]
channel = "phone"
vip_level = "standard"
model = "erlang_a"
service_level = 0.8
answer_within_s = 20
patience_s = 180
"""


def test_bot_deflection_and_defaults() -> None:
    targets = read_targets(GOOD)
    assert targets.deflection("chat") == 0.3
    assert targets.deflection("phone") == 0.0
    assert targets.short_abandon_s == 5.0


def test_every_problem_reported_at_once() -> None:
    bad = b"""
shrinkage = 1.5
service_level_definition = "whatever"
colour = "blue"
[bot_deflection]
chat = 2
[[queues]]
channel = "phone"
vip_level = "vip"
model = "erlang_a"
service_level = 0.8
answer_within_s = 20
[[queues]]
channel = "chat"
vip_level = "vip"
model = "chat"
service_level = 1.2
answer_within_s = 30
[[queues]]
channel = "email"
vip_level = "vip"
model = "deferred"
service_level = 0.9
answer_within_s = 30
[[queues]]
channel = "phone"
vip_level = "standard"
model = "erlang_c"
service_level = 0.8
answer_within_s = 20
min_tier = 0
speed = 3
[[queues]]
channel = "sms"
vip_level = "vip"
model = "magic"
service_level = 0.8
[[queues]]
channel = "phone"
vip_level = "vip"
model = "erlang_c"
service_level = 0.8
answer_within_s = -1
max_occupancy = 0
[[queues]]
channel = "email"
vip_level = "svip"
model = "deferred"
service_level = 0.9
respond_within_h = inf
min_tier = 7
[[queues]]
channel = "phone"
vip_level = "svip"
model = "erlang_a"
service_level = 0.8
answer_within_s = nan
patience_s = inf
"""
    with pytest.raises(StaffingInputError) as info:
        read_targets(bad, name="targets.toml")
    text = str(info.value)
    expected = [
        "column 'shrinkage' (value '1.5')",
        "column 'service_level_definition' (value 'whatever')",
        "unknown key 'colour'",
        "column 'bot_deflection.chat' (value '2')",
        "queues[0] (phone/vip).patience_s': patience_s is required for model 'erlang_a'",
        "queues[1] (chat/vip).concurrency': concurrency is required for model 'chat'",
        "queues[1] (chat/vip).service_level' (value '1.2')",
        "queues[2] (email/vip).respond_within_h': respond_within_h is required",
        "queues[2] (email/vip).answer_within_s' (value '30'): answer_within_s does not apply",
        "queues[3] (phone/standard).min_tier' (value '0')",
        "queues[3] (phone/standard).speed'",
        "queues[4] (sms/vip).model' (value 'magic')",
        "queues[5] (phone/vip).answer_within_s' (value '-1')",
        "queues[5] (phone/vip).max_occupancy' (value '0')",
        "queues[6] (email/svip).respond_within_h' (value 'inf')",
        "queues[6] (email/svip).min_tier' (value '7'): min_tier must be a whole number from 1 to 3",
        "queues[7] (phone/svip).answer_within_s' (value 'nan')",
        "queues[7] (phone/svip).patience_s' (value 'inf')",
    ]
    for fragment in expected:
        assert fragment in text, fragment
    assert "targets.toml" in text and "Fix:" in text


def test_duplicate_queue() -> None:
    twice = GOOD + GOOD.split(b"[[queues]]")[1].join([b"[[queues]]", b""])
    with pytest.raises(StaffingInputError, match=r"queues\[1\] \(phone/standard\).*duplicate"):
        read_targets(twice, name="targets.toml")


def test_malformed_toml_names_the_row() -> None:
    with pytest.raises(StaffingInputError, match=r"targets\.toml, row 2.*not valid TOML"):
        read_targets(b"shrinkage = 0.2\nqueues = = 3\n", name="targets.toml")


def test_no_queues() -> None:
    with pytest.raises(StaffingInputError, match="no queues are defined"):
        read_targets(b"shrinkage = 0.2\n", name="targets.toml")


@pytest.mark.parametrize(
    ("queue", "within"),
    [
        (b'model = "erlang_a"\nanswer_within_s = 20\npatience_s = 180\n', "answer_within_s"),
        (b'model = "chat"\nconcurrency = 3\nanswer_within_s = 30\n', "answer_within_s"),
        (b'model = "deferred"\nrespond_within_h = 24\n', "respond_within_h"),
    ],
)
def test_a_service_level_of_one_is_refused_with_the_reason(queue: bytes, within: str) -> None:
    text = b'shrinkage = 0.2\n[[queues]]\nchannel = "phone"\nvip_level = "vip"\n'
    for level in (b"1", b"1.0"):
        with pytest.raises(StaffingInputError) as info:
            read_targets(text + queue + b"service_level = " + level + b"\n", name="targets.toml")
        (problem,) = info.value.problems
        assert problem.file == "targets.toml"
        assert problem.column == "queues[0] (phone/vip).service_level"
        assert f"no service level within a finite {within} can be 100%" in problem.message
        assert "0.95 or 0.99" in problem.fix
    assert read_targets(text + queue + b"service_level = 0.99\n").queues[0].service_level == 0.99


@pytest.mark.parametrize("shrinkage", ["0.51", "0.99"])
def test_shrinkage_above_a_half_is_refused_with_what_it_would_schedule(shrinkage: str) -> None:
    with pytest.raises(StaffingInputError) as info:
        read_targets(GOOD.replace(b"shrinkage = 0.2", f"shrinkage = {shrinkage}".encode()))
    (problem,) = info.value.problems
    assert problem.column == "shrinkage" and problem.value == shrinkage
    assert "shrinkage must be at most 0.5" in problem.message
    assert f"{1 / (1 - float(shrinkage)):.3g} agents for every agent needed" in problem.message
    assert "0.25" in problem.fix


def test_shrinkage_bounds_are_inclusive() -> None:
    for shrinkage in ("0", "0.5"):
        text = GOOD.replace(b"shrinkage = 0.2", f"shrinkage = {shrinkage}".encode())
        assert read_targets(text).shrinkage == float(shrinkage)
