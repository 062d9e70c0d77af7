"""Simplified Chinese for the roster's messages: rule and agent checks, the validator's
violations and the solver's notes (``staffing.roster``)."""

ZH_ROSTER: dict[str, str] = {
    # --- pieces several messages share -------------------------------------------------------
    "Agent {agent_id}": "坐席 {agent_id}",
    "Agent {agent_id} ({name})": "坐席 {agent_id}（{name}）",
    "{n} agents ({shown})": "{n} 名坐席（{shown}）",
    "{before}; {after}": "{before}；{after}",
    "{before}, {after}": "{before}、{after}",
    "{before} and {after}": "{before}，且{after}",
    "the queues in the requirements": "人力需求中的任何一个队列",
    "the queues with history": "任何一个有历史数据的队列",
    "the queues in targets.toml": "任何一个 targets.toml 中的队列",
    "the queues {where}": "任何一个队列（{where}）",
    # --- staffing/roster/checks.py: shifts and breaks ----------------------------------------
    "a {hours:g} h shift (shifts.lengths_h) cannot hold its breaks ({names}) inside their "
    "windows with work stretches of at least min_block_minutes = {min_block} around them": (
        "{hours:g} 小时的班次（shifts.lengths_h）无法在时间窗内安排它的休息（{names}），"
        "同时让休息前后的连续工作都不少于 min_block_minutes = {min_block} 分钟"
    ),
    "widen the break windows, lower min_block_minutes or drop that length": (
        "请放宽休息的时间窗、调低 min_block_minutes，或去掉这个班次时长"
    ),
    # --- checks.py: agents whose rules contradict --------------------------------------------
    "{who} is on leave all week (time_off.csv): no shifts are planned.": (
        "{who}整周休假（time_off.csv）：不为其排班。"
    ),
    "{who} may serve none of {queues}.": "{who}无法服务{queues}。",
    "{who} (channels {channels}, VIP levels {vip_levels}, tier {tier}) may serve none of "
    "{queues}, so cannot work this week": (
        "{who}（渠道 {channels}，会员等级 {vip_levels}，级别 {tier}）无法服务{queues}，"
        "因此本周无法上班"
    ),
    "{serves}, but contract '{contract}' (rules.toml contracts.{contract}.days_per_week) "
    "requires at least {days} working days": (
        "{serves}，但合同 '{contract}'（rules.toml contracts.{contract}.days_per_week）"
        "要求至少上班 {days} 天"
    ),
    "{serves}, but needs at least {hours:g} paid hours (min_hours_week {min_hours:g}, after "
    "leave)": (
        "{serves}，但至少需要 {hours:g} 个带薪小时（min_hours_week {min_hours:g}，已扣除请假）"
    ),
    "{serves}, but need at least {hours:g} paid hours (min_hours_week {min_hours:g}, after "
    "leave)": (
        "{serves}，但至少需要 {hours:g} 个带薪小时（min_hours_week {min_hours:g}，已扣除请假）"
    ),
    "add a channel or VIP certification this week's queues need, or remove the agent from "
    "this week's agents.csv": (
        "请为坐席添加本周队列需要的渠道技能或会员等级认证，或把该坐席从本周的 agents.csv 中删除"
    ),
    "add a channel or VIP certification this week's queues need, or remove the agent from "
    "this week's agents.csv, or set min_hours_week to 0": (
        "请为坐席添加本周队列需要的渠道技能或会员等级认证，或把该坐席从本周的 agents.csv 中删除，"
        "或把 min_hours_week 设为 0"
    ),
    "{who} can work on only {max_days} days this week (time off, opening hours of their "
    "channels) but contract '{contract}' requires at least {min_days} (days_per_week, after "
    "{leave} whole days of leave)": (
        "{who}本周只能上班 {max_days} 天（受请假和所属渠道营业时间限制），但合同 '{contract}' "
        "要求至少上班 {min_days} 天（days_per_week，已扣除 {leave} 整天请假）"
    ),
    "change the time off, the contract's days_per_week or the opening hours": (
        "请修改请假、合同的 days_per_week 或营业时间"
    ),
    "{who} needs at least {needed:g} paid hours (min_hours_week {min_hours:g}, after leave) "
    "but the rules allow at most {days} days (contract '{contract}' days_per_week "
    "{contract_days}, time off) of at most {longest:g} paid hours (longest shift in "
    "shifts.lengths_h minus unpaid breaks) = {total:g} h": (
        "{who}至少需要 {needed:g} 个带薪小时（min_hours_week {min_hours:g}，已扣除请假），"
        "但规则最多只允许上班 {days} 天（合同 '{contract}' 的 days_per_week {contract_days}，"
        "以及请假），每天最多 {longest:g} 个带薪小时（shifts.lengths_h 中最长的班次减去不带薪的"
        "休息），合计 {total:g} 小时"
    ),
    "{who} need at least {needed:g} paid hours (min_hours_week {min_hours:g}, after leave) "
    "but the rules allow at most {days} days (contract '{contract}' days_per_week "
    "{contract_days}, time off) of at most {longest:g} paid hours (longest shift in "
    "shifts.lengths_h minus unpaid breaks) = {total:g} h": (
        "{who}都至少需要 {needed:g} 个带薪小时（min_hours_week {min_hours:g}，已扣除请假），"
        "但规则最多只允许上班 {days} 天（合同 '{contract}' 的 days_per_week {contract_days}，"
        "以及请假），每天最多 {longest:g} 个带薪小时（shifts.lengths_h 中最长的班次减去不带薪的"
        "休息），合计 {total:g} 小时"
    ),
    "lower min_hours_week, allow more days in the contract or longer shifts": (
        "请调低 min_hours_week，或在合同中允许更多上班天数，或允许更长的班次"
    ),
    "{who} may work at most {max_hours:g} paid hours (max_hours_week) but contract "
    "'{contract}' requires at least {days} days and the shortest shift pays {shortest:g} h "
    "= {least:g} h": (
        "{who}最多只能工作 {max_hours:g} 个带薪小时（max_hours_week），但合同 '{contract}' "
        "要求至少上班 {days} 天，而最短的班次带薪 {shortest:g} 小时，合计 {least:g} 小时"
    ),
    "raise max_hours_week, lower the contract's minimum days or add a shorter shift length": (
        "请调高 max_hours_week、降低合同的最少上班天数，或增加更短的班次时长"
    ),
    # --- checks.py: days in a row ------------------------------------------------------------
    "at most {n} days in a row (max_consecutive_days)": "最多连续上班 {n} 天（max_consecutive_days）",
    "at most {n} day in a row (max_consecutive_days)": "最多连续上班 {n} 天（max_consecutive_days）",
    "at most {n} days in a row (min_rest_h = {rest:g} between shifts of the allowed starts "
    "and lengths in [shifts])": (
        "最多连续上班 {n} 天（按 [shifts] 允许的开始时间和时长，班次之间要间隔 "
        "min_rest_h = {rest:g} 小时）"
    ),
    "at most {n} day in a row (min_rest_h = {rest:g} between shifts of the allowed starts "
    "and lengths in [shifts])": (
        "最多连续上班 {n} 天（按 [shifts] 允许的开始时间和时长，班次之间要间隔 "
        "min_rest_h = {rest:g} 小时）"
    ),
    "with {cause}, the days they may work (time off, opening hours)": (
        "受{cause}以及可上班日期（请假、营业时间）的限制"
    ),
    "with {cause}, the days they may work (time off, opening hours) and the previous "
    "roster's last {before} days in a row": (
        "受{cause}、可上班日期（请假、营业时间）以及上一周排班末尾已连续上班 {before} 天的限制"
    ),
    "{who} can work at most {most} days this week {why}, but contract '{contract}' requires "
    "at least {min_days} (days_per_week, after {leave} whole days of leave)": (
        "{who}{why}，本周最多只能上班 {most} 天，但合同 '{contract}' 要求至少上班 {min_days} 天"
        "（days_per_week，已扣除 {leave} 整天请假）"
    ),
    "change the time off, the contract's days_per_week or {key}": (
        "请修改请假、合同的 days_per_week 或 {key}"
    ),
    "{who} needs at least {needed:g} paid hours (min_hours_week {min_hours:g}, after leave) "
    "but can work at most {most} days this week {why}, of at most {longest:g} paid hours = "
    "{total:g} h": (
        "{who}至少需要 {needed:g} 个带薪小时（min_hours_week {min_hours:g}，已扣除请假），"
        "但{why}，本周最多只能上班 {most} 天，每天最多 {longest:g} 个带薪小时，合计 {total:g} 小时"
    ),
    "{who} need at least {needed:g} paid hours (min_hours_week {min_hours:g}, after leave) "
    "but can work at most {most} days this week {why}, of at most {longest:g} paid hours = "
    "{total:g} h": (
        "{who}都至少需要 {needed:g} 个带薪小时（min_hours_week {min_hours:g}，已扣除请假），"
        "但{why}，本周最多只能上班 {most} 天，每天最多 {longest:g} 个带薪小时，合计 {total:g} 小时"
    ),
    "lower min_hours_week, allow longer shifts or change {key}": (
        "请调低 min_hours_week、允许更长的班次，或修改 {key}"
    ),
    "{min_days} days in 7 cannot be worked with {cause}: that allows at most {week_most} "
    "working days in a 7-day week, but contract '{contract}' (contracts.{contract}."
    "days_per_week = [{low}, {high}]) requires at least {min_days} for 1 agent ({shown})": (
        "在{cause}的条件下，7 天里上不了 {min_days} 天班：一周 7 天最多只能上班 {week_most} 天，"
        "但合同 '{contract}'（contracts.{contract}.days_per_week = [{low}, {high}]）"
        "要求 1 名坐席（{shown}）至少上班 {min_days} 天"
    ),
    "{min_days} days in 7 cannot be worked with {cause}: that allows at most {week_most} "
    "working days in a 7-day week, but contract '{contract}' (contracts.{contract}."
    "days_per_week = [{low}, {high}]) requires at least {min_days} for {n} agents ({shown})": (
        "在{cause}的条件下，7 天里上不了 {min_days} 天班：一周 7 天最多只能上班 {week_most} 天，"
        "但合同 '{contract}'（contracts.{contract}.days_per_week = [{low}, {high}]）"
        "要求 {n} 名坐席（{shown}）至少上班 {min_days} 天"
    ),
    "raise max_consecutive_days to at least {n}": "请把 max_consecutive_days 提高到至少 {n}",
    "lower min_rest_h or allow later starts or shorter shifts": (
        "请调低 min_rest_h，或允许更晚的开始时间或更短的班次"
    ),
    "{first}, or lower the contract's minimum days_per_week to {most}": (
        "{first}，或把合同 days_per_week 的下限降到 {most}"
    ),
    # --- checks.py: queues nobody may serve --------------------------------------------------
    "Queue {queue} needs {hours:g} agent-hours but no agent may serve it (needs channel "
    "{channel}, VIP level {vip_level} and tier {tier} or above): it stays uncovered.": (
        "队列 {queue} 需要 {hours:g} 人时，但没有坐席可以服务它（需要渠道 {channel}、"
        "会员等级 {vip_level}、级别 {tier} 或以上）：这部分需求无人覆盖。"
    ),
    "Queue {queue} has requirements in {n} intervals when channel {channel} is closed "
    "(rules.toml opening_hours): they stay uncovered.": (
        "队列 {queue} 有 {n} 个时段的需求落在渠道 {channel} 的非营业时间"
        "（rules.toml opening_hours）：这些需求无人覆盖。"
    ),
    # --- checks.py: pinned shifts ------------------------------------------------------------
    "Pinned shift {agent_id} {start:%Y-%m-%d %H:%M}-{end:%H:%M}": (
        "锁定班次 {agent_id} {start:%Y-%m-%d %H:%M}-{end:%H:%M}"
    ),
    "{label}: unknown agent": "{label}：未知坐席",
    "use an agent_id from agents.csv": "请使用 agents.csv 中的 agent_id",
    "{label}: starts outside the planning week": "{label}：开始时间不在排班周内",
    "remove the pin": "请取消这个锁定",
    "{label}: not an allowed shift (rules.toml shifts: starts {step}-minutely between "
    "earliest_start and latest_start, lengths_h {lengths})": (
        "{label}：不是允许的班次（rules.toml 的 shifts：在 earliest_start 与 latest_start 之间"
        "每 {step} 分钟一个开始时间，时长 lengths_h {lengths}）"
    ),
    "move the pin to an allowed start and length": "请把锁定的班次改到允许的开始时间和时长",
    "overlaps the agent's time off (time_off.csv)": "与该坐席的请假重叠（time_off.csv）",
    "starts less than min_rest_h {rest:g} after the agent's last shift of the previous "
    "roster": "距该坐席上一周排班的最后一个班次不足 min_rest_h {rest:g} 小时",
    "the agent may serve none of the queues in the requirements": (
        "该坐席无法服务人力需求中的任何一个队列"
    ),
    "covers hours when none of the agent's channels is open (opening_hours)": (
        "覆盖了该坐席所有渠道都不营业的时间（opening_hours）"
    ),
    "{label}: {reason}": "{label}：{reason}",
    "move or remove the pin": "请移动或取消这个锁定",
    "Agent {agent_id} has two pinned shifts on one day (one shift a day)": (
        "坐席 {agent_id} 在同一天有两个锁定班次（每天只能有一个班次）"
    ),
    "keep one pin per day": "每天只保留一个锁定",
    "Agent {agent_id}: pinned shifts on day {day} and day {next_day} leave {hours:g} h rest, "
    "below min_rest_h {rest:g}": (
        "坐席 {agent_id}：第 {day} 天和第 {next_day} 天的锁定班次之间只休息 {hours:g} 小时，"
        "少于 min_rest_h {rest:g}"
    ),
    "move one of the pins": "请移动其中一个锁定",
    "Agent {agent_id} has {n} pinned shifts but may work at most {days} days (contract "
    "'{contract}' days_per_week, time off)": (
        "坐席 {agent_id} 有 {n} 个锁定班次，但最多只能上班 {days} 天（合同 '{contract}' 的 "
        "days_per_week，以及请假）"
    ),
    "remove pins": "请取消一些锁定",
    "Agent {agent_id}: pinned shifts pay {hours:g} h, above max_hours_week {max_hours:g}": (
        "坐席 {agent_id}：锁定班次共带薪 {hours:g} 小时，超过 max_hours_week {max_hours:g}"
    ),
    "remove or shorten pins": "请取消或缩短一些锁定",
    "Agent {agent_id}: pins make {run} consecutive working days (with the previous roster's "
    "last {before}), above max_consecutive_days {limit}": (
        "坐席 {agent_id}：锁定使其连续上班 {run} 天（含上一周排班末尾的 {before} 天），"
        "超过 max_consecutive_days {limit}"
    ),
    "Agent {agent_id}: pins make {run} consecutive working days, above max_consecutive_days "
    "{limit}": "坐席 {agent_id}：锁定使其连续上班 {run} 天，超过 max_consecutive_days {limit}",
    "remove a pin in the middle of the run": "请取消这段连续上班中间的一个锁定",
    # --- staffing/roster/assign.py: contradictions only the solver finds ----------------------
    "one shift a day": "每天一个班次",
    "days_per_week (contract)": "days_per_week（合同）",
    "pin": "锁定班次",
    "Agent {agent_id} with {n} pinned shift(s): rule '{rule}'": (
        "坐席 {agent_id}（有 {n} 个锁定班次）：规则 '{rule}'"
    ),
    "Agent {agent_id}: rule '{rule}'": "坐席 {agent_id}：规则 '{rule}'",
    "the weekly rules of agents {agents}": "坐席 {agents} 的每周规则",
    "min_hours_week and max_hours_week (agents.csv)": "min_hours_week 和 max_hours_week（agents.csv）",
    "{n} pinned shift(s)": "{n} 个锁定班次",
    "No roster satisfies these rules together: {text}. These rules contradict each other for "
    "the agent(s) named ({in_play})": (
        "没有任何排班能同时满足这些规则：{text}。对上面列出的坐席，这些规则相互矛盾（{in_play}）"
    ),
    "change the contract's days_per_week, the agents' hours, min_rest_h or "
    "max_consecutive_days": "请修改合同的 days_per_week、坐席的工时、min_rest_h 或 max_consecutive_days",
    "change the contract's days_per_week, the agents' hours, min_rest_h or "
    "max_consecutive_days, or a pin": (
        "请修改合同的 days_per_week、坐席的工时、min_rest_h 或 max_consecutive_days，或修改某个锁定"
    ),
    # --- staffing/roster/solve.py: notes and refusals ----------------------------------------
    "the time limit of {limit:g} s is shorter than the least this roster takes (stage 1 at "
    "its limit, a first week for every agent, the check): it took {elapsed:.1f} s; give at "
    "least {least} s for a roster this size": (
        "求解时间上限 {limit:g} 秒短于这份排班所需的最少时间（第 1 阶段用满时限、为每位坐席"
        "排出第一版周班、校验）：实际用了 {elapsed:.1f} 秒；这个规模的排班请至少给 {least} 秒"
    ),
    "the shift-count relaxation did not finish in the {seconds:.0f} s it may take (60% of the "
    "time limit); a coarser one (coverage per two hours) did, so the lower bound is weaker "
    "and the planned week rougher; raise the time limit": (
        "班次数松弛模型没能在允许的 {seconds:.0f} 秒（时间上限的 60%）内求解完毕；改用更粗的"
        "模型（每两小时计算一次覆盖）求解完成，因此下界较弱，规划的一周也较粗糙；请提高时间上限"
    ),
    "the shift-count relaxation did not finish in the {seconds:.0f} s it may take (60% of the "
    "time limit): there is no lower bound, and the roster was built from each group's share "
    "of the requirement instead of a planned week, so it is much rougher; raise the time "
    "limit": (
        "班次数松弛模型没能在允许的 {seconds:.0f} 秒（时间上限的 60%）内求解完毕：没有下界，"
        "排班是按各坐席组分摊的人力需求而不是规划好的一周生成的，因此粗糙得多；请提高时间上限"
    ),
    "No week that keeps every rule was found for agent {agent_id} in {seconds:.1f} s: their "
    "rules (days, hours, rest, consecutive days) leave very few weeks": (
        "在 {seconds:.1f} 秒内没有为坐席 {agent_id} 找到满足全部规则的一周：他的规则"
        "（天数、工时、休息、连续上班天数）只留下极少的可行排法"
    ),
    "No week that keeps every rule was found for agent {agent_id} in {seconds:.1f} s: their "
    "rules (days, hours, rest, consecutive days, pins) leave very few weeks": (
        "在 {seconds:.1f} 秒内没有为坐席 {agent_id} 找到满足全部规则的一周：他的规则"
        "（天数、工时、休息、连续上班天数、锁定班次）只留下极少的可行排法"
    ),
    "raise the time limit, or widen the agent's hours or the contract's days": (
        "请提高时间上限，或放宽该坐席的工时或合同的上班天数"
    ),
    # --- staffing/roster/problem.py: the pieces of a roster problem --------------------------
    "{n} rows are dated on or after the planning week's first day {week_start:%Y-%m-%d} "
    "(first: {first:%Y-%m-%d})": (
        "有 {n} 行的日期在排班周第一天 {week_start:%Y-%m-%d} 当天或之后（第一个：{first:%Y-%m-%d}）"
    ),
    "give the roster of the week before the planning week": "请提供排班周前一周的排班",
    "{n} rows are dated outside the planning week {week_start:%Y-%m-%d} to "
    "{week_end:%Y-%m-%d} (first: {first:%Y-%m-%d})": (
        "有 {n} 行的日期不在排班周 {week_start:%Y-%m-%d} 至 {week_end:%Y-%m-%d} 之内"
        "（第一个：{first:%Y-%m-%d}）"
    ),
    "give the planning week's roster as published (the week before is the previous roster)": (
        "请提供排班周已发布的排班（前一周的排班请作为上一周排班提供）"
    ),
    "missing columns {columns}": "缺少列 {columns}",
    "use read_requirements": "请使用 read_requirements",
    "no requirement rows": "人力需求没有任何行",
    "give at least one interval and queue": "请至少提供一个时段和队列",
    "agents.csv lists no agents; add at least one agent": (
        "agents.csv 中没有任何坐席；请至少添加一名坐席"
    ),
    "{n} interval starts are not on the {minutes}-minute grid of rules.toml (first: {first})": (
        "有 {n} 个时段开始时间不在 rules.toml 的 {minutes} 分钟网格上（第一个：{first}）"
    ),
    "make interval_minutes in rules.toml match the requirements' interval": (
        "请让 rules.toml 中的 interval_minutes 与人力需求的时段长度一致"
    ),
    "requirements span {first} to {last}: more than one week": (
        "人力需求从 {first} 到 {last}：超过了一周"
    ),
    "roster one week at a time (7 days from the first day's midnight)": (
        "请一次只排一周（从第一天零点起的 7 天）"
    ),
    "duplicate (interval_start, channel, vip_level) rows": (
        "存在重复的 (interval_start, channel, vip_level) 行"
    ),
    "duplicate agent ids": "存在重复的坐席 ID",
    "give every agent its own id": "请给每名坐席一个独立的 ID",
    "time off for unknown agents {agents}": "请假记录中有未知坐席 {agents}",
    "preferences for unknown agents {agents}": "排班意愿中有未知坐席 {agents}",
    "use agent ids from agents.csv": "请使用 agents.csv 中的坐席 ID",
    "unknown preferences {kinds}": "无法识别的排班意愿 {kinds}",
    "use one of: {kinds}": "请使用以下之一：{kinds}",
    "contracts {contracts} are not in rules.toml": "合同 {contracts} 不在 rules.toml 中",
    "add [contracts.NAME] sections or correct agents.csv": (
        "请在 rules.toml 中添加 [contracts.NAME] 段，或修改 agents.csv"
    ),
    "unknown agent '{agent_id}': use an agent_id from agents.csv": (
        "未知坐席 '{agent_id}'：请使用 agents.csv 中的 agent_id"
    ),
    # --- staffing/roster/io.py: roster.csv and coverage.csv ----------------------------------
    "fill in the agent's id as in agents.csv": "请按 agents.csv 填写坐席的 ID",
    "date must be a day without a time": "date 必须是日期，不能带时间",
    "write the day the shift starts, like 2026-11-11": "请填写班次开始的那一天，例如 2026-11-11",
    "block ends at or before its start ({start})": "时间段的结束不晚于开始（{start}）",
    "make end later than start; a block past midnight ends on the next day": (
        "请让 end 晚于 start；跨过午夜的时间段结束在第二天"
    ),
    "a work block needs a {column}": "工作时间段必须填写 {column}",
    "fill in the {column} the agent serves in this block": "请填写坐席在这个时间段服务的 {column}",
    "a {activity} block has no {column}": "{activity} 时间段不填写 {column}",
    "leave {column} empty on break and lunch rows": "小休和午餐行的 {column} 请留空",
    "block overlaps row {other} of the same agent ({start} to {end})": (
        "时间段与同一坐席的第 {other} 行（{start} 至 {end}）重叠"
    ),
    "an agent does one thing at a time: shorten or move one of the two blocks": (
        "坐席同一时间只能做一件事：请缩短或移动其中一个时间段"
    ),
    "the shift's first block starts on {day}, not on its date {date}": (
        "班次的第一个时间段开始于 {day}，而不是它的日期 {date}"
    ),
    "date is the day the shift starts: set it to the first block's start day": (
        "date 是班次开始的那一天：请设为第一个时间段开始的日期"
    ),
    "the shift has no work block (only break or lunch)": "这个班次没有工作时间段（只有小休或午餐）",
    "add the shift's work blocks or delete its break rows": "请添加班次的工作时间段，或删除它的休息行",
    "fill in the queue's {column}": "请填写队列的 {column}",
    "{column} (agents)": "{column}（坐席数）",
    "shortfall must be max(required - scheduled, 0) = {expected}": (
        "shortfall 必须等于 max(required - scheduled, 0) = {expected}"
    ),
    "recompute shortfall from required and scheduled": "请用 required 和 scheduled 重新计算 shortfall",
    # --- staffing/roster/validate.py: rules and how a violation reads ------------------------
    "Well-formed blocks": "时间段格式",
    "One shift per agent per day": "每名坐席每天一个班次",
    "Allowed shift length": "允许的班次时长",
    "Allowed start time": "允许的开始时间",
    "Breaks and lunch": "小休和午餐",
    "Minimum stretch on one queue": "同一队列的最短连续工作",
    "Skills, VIP certification and tier": "技能、会员等级认证和级别",
    "Opening hours": "营业时间",
    "Time off": "请假",
    "Minimum rest between shifts": "班次间最短休息",
    "Maximum consecutive working days": "最多连续上班天数",
    "Days per week by contract": "合同规定的每周天数",
    "Weekly paid hours": "每周带薪工时",
    "Pinned shifts kept": "锁定班次保持不变",
    "{time:%H:%M} next day": "次日 {time:%H:%M}",
    "{start}-{end}": "{start}-{end}",
    "{minutes} min": "{minutes} 分钟",
    "{hours} h": "{hours} 小时",
    "{hours} h {minutes:02d}": "{hours} 小时 {minutes:02d} 分",
    "block {span} (row {row}) ends at or before its start": (
        "时间段 {span}（第 {row} 行）的结束不晚于开始"
    ),
    "block {span} (row {row}) is not on the {grid}-minute interval grid": (
        "时间段 {span}（第 {row} 行）不在 {grid} 分钟的时段网格上"
    ),
    "block {span} (row {row}) has activity '{activity}', which is neither work nor a break "
    "in rules.toml ({known})": (
        "时间段 {span}（第 {row} 行）的 activity 为 '{activity}'，既不是工作，也不是 rules.toml "
        "中的休息（{known}）"
    ),
    "work block {span} (row {row}) has no channel or VIP level": (
        "工作时间段 {span}（第 {row} 行）没有渠道或会员等级"
    ),
    "{activity} block {span} (row {row}) names a queue ({queue}); only work blocks have one": (
        "{activity} 时间段 {span}（第 {row} 行）填写了队列（{queue}）；只有工作时间段才有队列"
    ),
    "the shift is dated before the planning week starting {week_start:%Y-%m-%d}": (
        "班次的日期早于 {week_start:%Y-%m-%d} 开始的排班周"
    ),
    "the shift's first block starts at {start:%Y-%m-%d %H:%M}, not on its date {date:%Y-%m-%d}": (
        "班次的第一个时间段开始于 {start:%Y-%m-%d %H:%M}，而不是在它的日期 {date:%Y-%m-%d}"
    ),
    "the shift has no work block": "这个班次没有工作时间段",
    "block {span} (row {row}) overlaps an earlier block of the shift that ends at {end}": (
        "时间段 {span}（第 {row} 行）与班次中更早的、到 {end} 结束的时间段重叠"
    ),
    "two shifts on one day: nothing is rostered from {end} to {start} between blocks (a "
    "shift has no gaps)": (
        "一天有两个班次：时间段之间从 {end} 到 {start} 没有任何安排（一个班次中间不能有空档）"
    ),
    "shift {span} lasts {length}; allowed lengths are {lengths}": (
        "班次 {span} 时长 {length}；允许的时长为 {lengths}"
    ),
    "shift starts at {start}; shifts start between {window} every {step} minutes": (
        "班次开始于 {start}；班次只能在 {window} 之间每 {step} 分钟开始"
    ),
    "the {length} shift {span} has no {rule}; it needs a {minutes}-minute {rule} starting "
    "between {earliest} and {latest}": (
        "{length}的班次 {span} 没有 {rule}；它需要一个 {minutes} 分钟的 {rule}，"
        "在 {earliest} 到 {latest} 之间开始"
    ),
    "the shift {span} has {n} {rule} blocks; it gets exactly one": (
        "班次 {span} 有 {n} 个 {rule}；只能有一个"
    ),
    "{rule} {span} in a {length} shift; only shifts of at least {min_hours:g} h get a "
    "{rule}": "{length}的班次中有 {rule} {span}；只有至少 {min_hours:g} 小时的班次才有 {rule}",
    "{rule} {span} lasts {length}; it must last {minutes} minutes": (
        "{rule} {span} 时长 {length}；必须是 {minutes} 分钟"
    ),
    "{rule} starts at {start}, outside its window {earliest}-{latest} ({after:g}-{before:g} h "
    "after the {shift_start} start)": (
        "{rule} 开始于 {start}，不在它的时间窗 {earliest}-{latest} 内"
        "（班次 {shift_start} 开始后 {after:g}-{before:g} 小时）"
    ),
    "works on {queue} only {length} ({span}); a stretch on one queue lasts at least "
    "{minimum} minutes": (
        "在 {queue} 上只连续工作了 {length}（{span}）；在同一队列上的连续工作至少 {minimum} 分钟"
    ),
    "has no '{channel}' skill (skills: {skills})": "没有 '{channel}' 技能（技能：{skills}）",
    "is not certified for VIP level '{vip_level}' (certified: {levels})": (
        "没有会员等级 '{vip_level}' 的认证（已认证：{levels}）"
    ),
    "is tier {tier}, the queue needs tier {needed} or above": (
        "级别为 {tier}，该队列需要 {needed} 级或以上"
    ),
    "works on {queue} {span} but {why}": "{span} 在 {queue} 上工作，但{why}",
    "works on {channel} {span}, but {channel} is open only {opens}-{closes}": (
        "{span} 在 {channel} 上工作，但 {channel} 的营业时间只有 {opens}-{closes}"
    ),
    "shift {span} overlaps leave from {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}": (
        "班次 {span} 与 {start:%Y-%m-%d %H:%M} 至 {end:%Y-%m-%d %H:%M} 的请假重叠"
    ),
    "shift starts at {start}, before the previous shift ends at {previous_end:%Y-%m-%d %H:%M}": (
        "班次开始于 {start}，早于上一个班次的结束时间 {previous_end:%Y-%m-%d %H:%M}"
    ),
    "only {rest} rest between the previous shift's end at {previous_end:%Y-%m-%d %H:%M} and "
    "this shift's start at {start}; at least {minimum:g} h required": (
        "从上一个班次在 {previous_end:%Y-%m-%d %H:%M} 结束到这个班次在 {start} 开始，"
        "只休息了 {rest}；至少需要 {minimum:g} 小时"
    ),
    "works {n} days in a row ({first:%Y-%m-%d} to {last:%Y-%m-%d}); at most {limit} allowed": (
        "连续上班 {n} 天（{first:%Y-%m-%d} 至 {last:%Y-%m-%d}）；最多允许 {limit} 天"
    ),
    "works {n} days in the week from {week_start:%Y-%m-%d}; contract '{contract}' allows "
    "{low!s} to {high!s}": (
        "从 {week_start:%Y-%m-%d} 开始的一周上班 {n} 天；合同 '{contract}' 允许 "
        "{low!s} 到 {high!s} 天"
    ),
    "works {n} days in the week from {week_start:%Y-%m-%d}; contract '{contract}' allows "
    "{low!s} to {high!s} ({leave!s} leave days credited)": (
        "从 {week_start:%Y-%m-%d} 开始的一周上班 {n} 天；合同 '{contract}' 允许 "
        "{low!s} 到 {high!s} 天（已扣除 {leave!s} 天请假）"
    ),
    "{hours:g} paid hours in the week from {week_start:%Y-%m-%d}; the agent works {low:g} to "
    "{high:g} h a week": (
        "从 {week_start:%Y-%m-%d} 开始的一周带薪 {hours:g} 小时；该坐席每周工作 "
        "{low:g} 到 {high:g} 小时"
    ),
    "{hours:g} paid hours in the week from {week_start:%Y-%m-%d}; the agent works {low:g} to "
    "{high:g} h a week ({leave!s} leave days credited)": (
        "从 {week_start:%Y-%m-%d} 开始的一周带薪 {hours:g} 小时；该坐席每周工作 "
        "{low:g} 到 {high:g} 小时（已扣除 {leave!s} 天请假）"
    ),
    "pinned shift {pinned} is missing": "锁定班次 {pinned} 不见了",
    "pinned shift {pinned} was changed to {span}": "锁定班次 {pinned} 被改成了 {span}",
    "{rule}: agent {agent_id} on {date:%Y-%m-%d}: {detail}": (
        "{rule}：坐席 {agent_id}，{date:%Y-%m-%d}：{detail}"
    ),
    "re-run the roster optimiser or correct the roster": "请重新运行排班优化，或修改排班",
    "re-run the roster optimiser or correct the roster; if agents have leave this week, pass "
    "the time-off file the roster was made with: leave lowers the weekly minimums": (
        "请重新运行排班优化，或修改排班；如果本周有坐席请假，请提供生成这份排班时所用的请假文件："
        "请假会降低每周的最低天数和工时"
    ),
    # --- validate.py: inputs that cannot be checked ------------------------------------------
    "give the roster roster.csv's columns: {columns}": "请让排班包含 roster.csv 的列：{columns}",
    "agent '{agent_id}' is not in agents.csv (first row of the agent)": (
        "坐席 '{agent_id}' 不在 agents.csv 中（该坐席的第一行）"
    ),
    "check the roster and agents files belong together": "请检查排班文件和坐席文件是否配套",
    "{n} rows are dated on or after the checked week's first day {start:%Y-%m-%d} (first: "
    "row {row}, {date:%Y-%m-%d})": (
        "有 {n} 行的日期在所校验那一周的第一天 {start:%Y-%m-%d} 当天或之后"
        "（第一个：第 {row} 行，{date:%Y-%m-%d}）"
    ),
    "give the roster of the week before the checked week": "请提供所校验那一周前一周的排班",
    "write it as ISO 8601 local time, like 2026-11-11 08:00:00": (
        "请写成 ISO 8601 本地时间，例如 2026-11-11 08:00:00"
    ),
    "give it the columns {columns}": "请包含这些列：{columns}",
    "use requirements.csv's columns": "请使用 requirements.csv 的列",
    "compute the requirements with the same interval_minutes as the rules": (
        "请用与规则相同的 interval_minutes 计算人力需求"
    ),
    "agent {agent_id} has contract '{contract}', which rules.toml does not define": (
        "坐席 {agent_id} 的合同为 '{contract}'，但 rules.toml 中没有定义它"
    ),
    "add [contracts.{contract}] to rules.toml or change the contract": (
        "请在 rules.toml 中添加 [contracts.{contract}]，或更改该合同"
    ),
    "the roster is empty and neither week_start nor requirements are given": (
        "排班为空，且既没有给出 week_start，也没有给出人力需求"
    ),
    "pass week_start (the first day of the planning week)": "请提供 week_start（排班周的第一天）",
}
