"""Every visible string of the app, in English and Simplified Chinese, behind ``t(key)``.

The language is the sidebar choice (session key ``app_language``). A key missing from a
language falls back to English, so a new string never shows as a raw key.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from staffing.i18n import translate

LANGUAGE_KEY = "app_language"
LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"

EN: dict[str, str] = {
    # app shell
    "app.title": "Staffing optimizer",
    "app.language": "Language / 语言",
    "app.generating_sample": "First start: writing the sample data set to {folder}…",
    "nav.data": "Data",
    "nav.forecast": "Forecast",
    "nav.requirements": "Requirements",
    "nav.roster": "Roster",
    "nav.whatif": "What-if",
    "nav.export": "Export",
    # shared
    "common.no_data": "No valid data is loaded. Open the Data page and fix the problems shown "
    "there first.",
    "common.loading": "Reading and checking the data…",
    "common.queue": "Queue",
    "common.channel": "Channel",
    "common.vip_level": "VIP level",
    "common.day": "Day",
    "common.agents": "Agents",
    "common.contacts": "Contacts",
    "common.week": "Planning week (Monday)",
    "common.all": "All",
    "weekday.0": "Mon",
    "weekday.1": "Tue",
    "weekday.2": "Wed",
    "weekday.3": "Thu",
    "weekday.4": "Fri",
    "weekday.5": "Sat",
    "weekday.6": "Sun",
    "common.week_of": "Planning the week of Monday {monday}.",
    "col.file": "File",
    "col.row": "Row",
    "col.column": "Column",
    "col.value": "Value",
    "col.message": "Problem",
    "col.fix": "How to fix",
    # data page
    "data.title": "Data",
    "data.intro": "Start with the bundled sample center or upload your own files. Every file "
    "you do not upload is taken from the sample, so you can replace just the agents or just "
    "the history.",
    "data.source": "Data source",
    "data.source.sample": "Sample data",
    "data.source.upload": "Upload my files",
    "data.sample_folder": "Sample data folder: `{folder}`",
    "data.upload_help": "CSV files: UTF-8, comma separated, header row, times like "
    "`2026-11-11 00:15:00`. TOML files as described in the README. At most {limit_mb} MB per "
    "file; larger files are refused.",
    "data.too_large": "{name} is {size_mb:.1f} MB, above the limit of {limit_mb} MB per file. "
    "It was not read. Split it by date range or keep fewer weeks of history.",
    "data.apply": "Check and use these files",
    "data.files_chosen": "Uploaded: {uploaded}. From the sample: {sample}.",
    "data.files_in_use": "In use: your {uploaded}, and from the sample: {sample}. Upload files "
    "again to replace them.",
    "data.pending": "The files above are not in use yet: press **Check and use these files**. "
    "Until then every page, and this one below, shows the data in use.",
    "data.checking": "Checking the files...",
    "data.none_uploaded": "none",
    "data.valid": "All files are valid.",
    "data.invalid": "{n} problems found, listed below with the file, rows and column (the "
    "same problem in many rows is one line). Nothing was loaded: fix the files and upload them "
    "again.",
    "common.cannot_work_out": "The data in use cannot give this for the week: {n} problem(s) "
    "below, with the file, rows and column. Fix them in your files and upload them on the "
    "Data page.",
    "data.report": "Validation report",
    "data.kept": "These files were not put in use: every page goes on with the data in use "
    "before (the sample or your last valid files). Fix the problems above and check again.",
    "data.invalid_one": "1 problem found, shown below with the file, row and column. Nothing "
    "was loaded: fix the file and upload it again.",
    "data.metric.history": "History",
    "data.weeks": "{n} weeks",
    "data.range": "History from {first} to {last}.",
    "data.metric.queues": "Queues",
    "data.metric.contacts": "Contacts",
    "data.metric.agents": "Agents",
    "data.metric.events": "Events",
    "data.metric.time_off": "Time off entries",
    "data.tab.history": "History",
    "data.tab.targets": "Targets",
    "data.tab.agents": "Agents",
    "data.tab.events": "Events",
    "data.tab.time_off": "Time off",
    "data.tab.preferences": "Preferences",
    "data.daily_chart": "Contacts per day and channel",
    "data.next": "Next: open **Roster** and press **Generate roster**, or look at the "
    "**Forecast** first.",
    # forecast page
    "forecast.title": "Forecast",
    "forecast.intro": "Contacts per interval for the planning week, with the p10–p90 band "
    "(8 intervals in 10 should fall inside it). Event multipliers override what the model "
    "learned from past promotions.",
    "forecast.history": "History",
    "forecast.forecast": "Forecast",
    "forecast.band": "p10–p90",
    "forecast.chart": "{queue}: history and forecast",
    "forecast.total": "Forecast contacts",
    "forecast.peak": "Peak interval",
    "forecast.aht": "Mean AHT (s)",
    "forecast.accuracy": "Accuracy by model (backtest)",
    "forecast.backtest_weeks": "Backtest weeks",
    "forecast.col.model": "Model",
    "forecast.col.wape": "WAPE",
    "forecast.col.wape_help": "Weighted absolute percentage error over the weeks held out: "
    "lower is better.",
    "forecast.col.mase": "MASE",
    "forecast.col.mase_help": "Error relative to repeating the week before (as measured on "
    "the history): below 1 beats it.",
    "forecast.col.bias": "Bias",
    "forecast.col.bias_help": "Forecast minus actual, as a share of the actual: above 0 "
    "forecasts too many contacts.",
    "forecast.col.coverage_p10_p90": "In the p10–p90 band",
    "forecast.col.coverage_p10_p90_help": "Share of intervals whose actual fell inside the "
    "band: 80% is right.",
    "forecast.col.poisson_floor_wape": "Noise floor (WAPE)",
    "forecast.col.poisson_floor_wape_help": "The WAPE a perfect forecast would still have, "
    "from the randomness of contact arrivals alone.",
    "forecast.run_backtest": "Run backtest",
    "forecast.events": "Event overrides",
    "forecast.events_help": "Set a multiplier for an event's days (for example 4.0 = four "
    "times a normal day). Leave it empty to use what the model learned from past events.",
    "forecast.apply_events": "Apply overrides",
    "forecast.learned": "learned",
    "forecast.overrides_active": "Your event multipliers are in use for the forecast, the "
    "requirements and the roster.",
    "forecast.running": "Fitting the models and forecasting the week…",
    "forecast.total_all": "All queues",
    "forecast.model_used": "Model used for this queue: {model} (the lowest error over the last "
    "weeks).",
    "forecast.accuracy_help": "WAPE (weighted absolute percentage error) of every model on the "
    "last weeks of history, per queue; the model with the lowest error forecasts that queue.",
    "forecast.chosen_model": "Model chosen",
    "forecast.backtesting": "Backtesting every model week by week…",
    "forecast.event": "Event",
    "forecast.multiplier": "Multiplier",
    "forecast.reset_events": "Use the file's values",
    # requirements page
    "req.title": "Requirements",
    "req.intro": "Agents to schedule in each interval (shrinkage included) for each queue, "
    "from the forecast and the service targets.",
    "req.heatmap": "Required agents: {queue}",
    "req.interval": "Time of day",
    "req.hours": "Agent hours needed",
    "req.peak": "Peak agents",
    "req.total": "All queues",
    "req.running": "Forecasting and sizing every queue…",
    "req.fte": "Full-time agents (40 h)",
    "req.table": "Every interval (with the queueing diagnostics)",
    # roster page
    "roster.title": "Roster",
    "roster.intro": "The cheapest roster that meets the requirements within the labour rules, "
    "each agent's skills, VIP certification and time off. Shortfalls are shown, never hidden.",
    "roster.generate": "Generate roster",
    "roster.time_limit": "Solver time limit (seconds)",
    "roster.progress_start": "Forecasting and building the model…",
    "roster.progress": "Solving ({stage})… {elapsed:.0f} s: objective {objective} (labour "
    "cost plus priced shortfall), gap {gap}",
    "roster.progress_bound": "Solving ({stage})… {elapsed:.0f} s: no roster yet; no roster "
    "can cost less than {bound} (labour cost plus priced shortfall)",
    "roster.simulating": "Simulating the service this roster delivers…",
    "roster.cannot_simulate": "The week of {week} cannot be forecast from the history in use, "
    "so this roster's service is not simulated.",
    "roster.simulated": "Service level over all queues when this roster meets the forecast "
    "contacts in a simulation: {service}. Each queue against its target:",
    "roster.sim.target": "Target",
    "roster.simulated_title": "Simulated service",
    "roster.sim.sl": "Simulated service level",
    "roster.sim.asa": "ASA (s)",
    "roster.sim.occupancy": "Occupancy",
    "roster.sim.meets": "Meets target",
    "roster.gantt_channels": "Channels shown",
    "roster.replan_n": "Re-plan keeping {n} pinned shifts",
    "roster.done": "Roster ready in {elapsed:.0f} s: cost {cost}, gap {gap}.",
    "roster.done_notes": "A roster came in {elapsed:.0f} s (cost {cost}), but read these notes "
    "before using it:",
    "roster.no_bound": "The solver found no lower bound, so how far this roster is from the "
    "best one is not known (the gap says nothing). Raise the time limit and generate again.",
    "roster.none": "No roster yet. Press **Generate roster**: it uses the data on the Data page.",
    "roster.kpi.cost": "Labour cost",
    "roster.kpi.shortfall": "Shortfall (agent-hours)",
    "roster.kpi.coverage": "Requirement covered",
    "roster.kpi.agents": "Agents working",
    "roster.kpi.shifts": "Shifts",
    "roster.kpi.gap": "Optimality gap",
    "roster.preferences": "Preferences met: {met} of {asked} (days off, early or late shifts).",
    "roster.gantt": "Shifts by agent",
    "roster.gantt_day": "Day shown",
    "roster.activity.work": "Work",
    "roster.activity.break": "Break",
    "roster.activity.lunch": "Lunch",
    "roster.coverage": "Coverage vs requirement",
    "roster.required": "Required",
    "roster.scheduled": "Scheduled",
    "roster.shortfall": "Shortfall",
    "roster.pin": "Pin shifts and re-plan",
    "roster.pin_help": "Ticked shifts stay exactly as they are when you re-plan; the solver "
    "rebuilds the rest.",
    "roster.pinned": "Pinned",
    "roster.pin_agents": "Agents",
    "roster.pin_all_agents": "All agents",
    "roster.pin_days": "Days",
    "roster.pin_all_days": "All days",
    "roster.pin_shown": "Showing {shown} of {total} shifts. Ticks are kept when you change the "
    "filter.",
    "roster.start": "Start",
    "roster.end": "End",
    "roster.agent": "Agent",
    "roster.check_ok": "Passed the independent roster check.",
    "roster.other_week": "This is the roster for the week of {shown}, not for the week chosen "
    "in the sidebar ({week}). Generate a roster for {week}, or choose {shown} in the sidebar.",
    "roster.reopened": "Roster for the week of {week}, reopened from the plan store: cost {cost}.",
    "check.cannot": "This roster cannot be checked against the data in use, so it is not shown "
    "or exported. What is wrong and how to fix it:",
    "check.failed": "This roster breaks {n} rules with the data in use (for example leave "
    "added since it was made), so it is not shown or exported. Generate the roster again. "
    "Every violation:",
    "check.rule": "Rule",
    "roster.previous": "Rest and consecutive working days carry over from the roster "
    "published for the week of {week} ({name}, version {version}).",
    "roster.previous_none": "No roster is published for the week of {week}: the week starts "
    "with every agent rested. Publish that week's roster on the Export page to carry rest and "
    "consecutive days over.",
    "roster.infeasible": "The roster cannot be planned. What is wrong and how to fix it:",
    "roster.failed": "No roster was found: {message}. Give the solver more time and try again.",
    "roster.shortfall_title": "Where coverage falls short, and why",
    "roster.reason": "Why",
    "roster.reason.no_eligible_agent": "No agent may serve this queue",
    "roster.reason.closed_hours": "The channel is closed then (opening hours)",
    "roster.reason.no_allowed_shift": "No agent who may serve the queue may work a shift then",
    "roster.reason.not_enough_hours": "Not enough agent hours",
    "roster.shortfall_intervals": "Intervals short",
    "roster.shortfall_first": "First",
    "roster.shortfall_last": "Last",
    # what-if page
    "whatif.title": "What-if",
    "whatif.intro": "Build scenarios (more volume, longer handle time, extra temps), run them "
    "through the same pipeline and compare cost, shortfall and service side by side.",
    "whatif.build": "Build a scenario",
    "whatif.name": "Scenario name",
    "whatif.volume": "Volume change (%)",
    "whatif.aht": "Handle time change (%)",
    "whatif.temps": "Extra temporary agents",
    "whatif.channels": "Channels affected",
    "whatif.add": "Add scenario",
    "whatif.clear": "Remove all",
    "whatif.list": "Scenarios",
    "whatif.run": "Run scenarios",
    "whatif.compare": "Side by side",
    "whatif.curve": "Cost vs service level",
    "whatif.sweep": "Draw the cost curve",
    "whatif.empty": "No scenarios yet: add one above.",
    "whatif.cost": "Labour cost",
    "whatif.service": "Simulated service level",
    "whatif.default_name": "Peak +30%",
    "whatif.temp_cost": "Temps' hourly cost",
    "whatif.bad_name": "Give the scenario a new name (taken: {names}).",
    "whatif.preparing": "Forecasting the week…",
    "whatif.progress": "{done} of {total} done (each one: requirements, roster, simulation)…",
    "whatif.shortfall_h": "Shortfall (agent-hours)",
    "whatif.abandon": "Abandoned",
    "whatif.below_target": "Queues below target",
    "whatif.seconds": "Run time (s)",
    "whatif.gap": "Solver gap",
    "whatif.gap_help": "Solver gap – (no figure): the roster in use was kept and only "
    "simulated, so no solver ran for that row.",
    "whatif.keep": "Keep the roster in use (simulate only)",
    "whatif.keep_temps": "Temps need shifts: a scenario that keeps the roster in use cannot add "
    "temps. Untick the box or set temps to 0.",
    "whatif.base_kept": "The base is the roster in use (Roster page); the other scenarios are "
    "rostered again unless they keep it.",
    "whatif.base_solved": "No checked roster for this week yet, so the base is rostered again "
    "like the other scenarios. Generate one on the Roster page to compare against it.",
    "whatif.stale": "The last results were for another week or other data, so they were put "
    "away. Run the scenarios again.",
    "whatif.per_queue": "Simulated service level per queue",
    "whatif.sweep_line": "Service-level target 70–95%",
    "whatif.scenarios": "Scenarios",
    "whatif.keeps": "Keeps the roster in use",
    "whatif.remove_which": "Scenario to remove",
    "whatif.remove": "Remove",
    "whatif.keep_without_roster": "Nothing was run. Scenarios that keep the roster in use need "
    "a checked roster in use for the week of {week}, and there is none. They are: {names}. "
    "Generate a roster on the Roster page, or remove these scenarios below and add them again "
    "with **Keep the roster in use (simulate only)** unticked.",
    "whatif.cannot_run": "The scenarios cannot be run. What is wrong and how to fix it:",
    # export page
    "export.title": "Export",
    "export.intro": "Hand the roster out: a CSV for other systems, an Excel workbook for "
    "planners and team leads, and one calendar file per agent.",
    "export.none": "No roster yet: generate one on the Roster page first.",
    "export.csv": "Download roster.csv",
    "export.xlsx": "Download Excel workbook",
    "export.ics": "Download calendars (.ics, zip)",
    "export.publish": "Publish to the plan store",
    "export.publish_name": "Plan name",
    "export.published": "Published {name} as version {version}.",
    "export.default_name": "roster {week}",
    "export.versions": "Published plans",
    "export.reopen": "Reopen",
    "export.reopen_which": "Plan to reopen",
    "export.save_plan": "Save as a draft plan",
    "export.saved": "Saved draft {name} as version {version}.",
    "export.col.kind": "Kind",
    "export.kind.published": "Published",
    "export.kind.plan": "Draft",
    "export.reopened": "Reopened {name} version {version}: it is now the roster on every page.",
    "export.no_versions": "Nothing published yet.",
    "export.col.name": "Plan",
    "export.col.version": "Version",
    "export.col.created": "Published at (UTC)",
    "export.store_failed": "The plan store cannot be used, so rosters cannot be published, "
    "saved or reopened now (downloads do not need it). What is wrong and how to fix it:",
}

ZH: dict[str, str] = {
    "app.title": "客服排班优化",
    "app.language": "Language / 语言",
    "app.generating_sample": "首次启动：正在把示例数据写入 {folder}…",
    "nav.data": "数据",
    "nav.forecast": "预测",
    "nav.requirements": "人力需求",
    "nav.roster": "排班",
    "nav.whatif": "情景模拟",
    "nav.export": "导出与发布",
    "common.no_data": "还没有加载有效的数据。请先打开「数据」页面，修正那里列出的问题。",
    "common.loading": "正在读取并检查数据…",
    "common.queue": "队列",
    "common.channel": "渠道",
    "common.vip_level": "会员等级",
    "common.day": "日期",
    "common.agents": "坐席",
    "common.contacts": "咨询量",
    "common.week": "排班周（周一）",
    "common.all": "全部",
    "weekday.0": "周一",
    "weekday.1": "周二",
    "weekday.2": "周三",
    "weekday.3": "周四",
    "weekday.4": "周五",
    "weekday.5": "周六",
    "weekday.6": "周日",
    "common.week_of": "排班周：{monday}（周一）起。",
    "col.file": "文件",
    "col.row": "行",
    "col.column": "列",
    "col.value": "值",
    "col.message": "问题",
    "col.fix": "修改方法",
    "data.title": "数据",
    "data.intro": "可以直接使用内置的示例客服中心，也可以上传自己的文件。未上传的文件取自示例数据，"
    "所以可以只替换坐席名单或只替换历史数据。",
    "data.source": "数据来源",
    "data.source.sample": "示例数据",
    "data.source.upload": "上传我的文件",
    "data.sample_folder": "示例数据目录：`{folder}`",
    "data.upload_help": "CSV 文件：UTF-8 编码、逗号分隔、带表头，时间格式如 "
    "`2026-11-11 00:15:00`。TOML 文件格式见 README。每个文件最大 {limit_mb} MB，超过的文件"
    "会被拒绝。",
    "data.too_large": "{name} 大小为 {size_mb:.1f} MB，超过每个文件 {limit_mb} MB 的上限，"
    "未被读取。请按日期拆分，或只保留较少周数的历史数据。",
    "data.apply": "检查并使用这些文件",
    "data.files_chosen": "已上传：{uploaded}。取自示例数据：{sample}。",
    "data.files_in_use": "正在使用：您上传的 {uploaded}，以及示例数据中的 {sample}。"
    "重新上传文件即可替换。",
    "data.pending": "上面的文件尚未使用：请点击「检查并使用这些文件」。"
    "在此之前，各页面（包括本页下方）显示的仍是当前使用的数据。",
    "data.checking": "正在检查文件……",
    "data.none_uploaded": "无",
    "data.valid": "所有文件均有效。",
    "data.invalid": "发现 {n} 个问题，下表列出了文件、行和列（多行中的同一问题合为一行）。"
    "数据未被加载：请修改文件后重新上传。",
    "common.cannot_work_out": "现有数据无法为本周算出这一结果：下表列出了 {n} 个问题及其"
    "文件、行和列。请修改文件后在“数据”页重新上传。",
    "data.report": "检查报告",
    "data.kept": "这些文件未被采用：各页面继续使用之前的数据（示例数据或您上次有效的文件）。"
    "请修正上述问题后再检查。",
    "data.invalid_one": "发现 1 个问题，下表列出了文件、行和列。"
    "数据未被加载：请修改文件后重新上传。",
    "data.metric.history": "历史区间",
    "data.weeks": "{n} 周",
    "data.range": "历史数据从 {first} 到 {last}。",
    "data.metric.queues": "队列数",
    "data.metric.contacts": "咨询总量",
    "data.metric.agents": "坐席数",
    "data.metric.events": "活动与节假日",
    "data.metric.time_off": "请假记录",
    "data.tab.history": "历史数据",
    "data.tab.targets": "服务目标",
    "data.tab.agents": "坐席",
    "data.tab.events": "活动",
    "data.tab.time_off": "请假",
    "data.tab.preferences": "排班意愿",
    "data.daily_chart": "各渠道每日咨询量",
    "data.next": "下一步：打开「排班」并点击「生成排班」，或先查看「预测」。",
    "forecast.title": "预测",
    "forecast.intro": "排班周每个时段的咨询量预测，以及 p10–p90 区间"
    "（十个时段中约有八个应落在区间内）。活动倍数会覆盖模型从往年大促中学到的效果。",
    "forecast.history": "历史",
    "forecast.forecast": "预测",
    "forecast.band": "p10–p90",
    "forecast.chart": "{queue}：历史与预测",
    "forecast.total": "预测咨询量",
    "forecast.peak": "峰值时段",
    "forecast.aht": "平均处理时长（秒）",
    "forecast.accuracy": "各模型准确度（回测）",
    "forecast.backtest_weeks": "回测周数",
    "forecast.col.model": "模型",
    "forecast.col.wape": "WAPE",
    "forecast.col.wape_help": "留出各周的加权绝对百分比误差：越低越好。",
    "forecast.col.mase": "MASE",
    "forecast.col.mase_help": "相对于“照搬上一周”的误差（按历史数据衡量）：低于 1 即优于照搬。",
    "forecast.col.bias": "偏差",
    "forecast.col.bias_help": "预测减实际，占实际的比例：大于 0 表示预测偏多。",
    "forecast.col.coverage_p10_p90": "落在 p10–p90 区间",
    "forecast.col.coverage_p10_p90_help": "实际值落在区间内的时段占比：80% 为准确。",
    "forecast.col.poisson_floor_wape": "噪声下限（WAPE）",
    "forecast.col.poisson_floor_wape_help": "仅由咨询到达的随机性造成、完美预测也无法避免的 WAPE。",
    "forecast.run_backtest": "运行回测",
    "forecast.events": "活动倍数调整",
    "forecast.events_help": "为活动期间设置倍数（如 4.0 表示平日的四倍）。留空则使用"
    "模型从往年活动中学到的效果。",
    "forecast.apply_events": "应用调整",
    "forecast.learned": "模型学习",
    "forecast.overrides_active": "预测、人力需求和排班正在使用你调整的活动倍数。",
    "forecast.running": "正在拟合模型并预测本周…",
    "forecast.total_all": "全部队列",
    "forecast.model_used": "该队列使用的模型：{model}（最近几周误差最小）。",
    "forecast.accuracy_help": "各模型在最近几周历史数据上的 WAPE（加权绝对百分比误差），"
    "按队列列出；误差最小的模型用于该队列的预测。",
    "forecast.chosen_model": "选用的模型",
    "forecast.backtesting": "正在逐周回测各模型…",
    "forecast.event": "活动",
    "forecast.multiplier": "倍数",
    "forecast.reset_events": "恢复文件中的值",
    "req.title": "人力需求",
    "req.intro": "根据预测和服务目标，计算每个队列每个时段需要排班的坐席数（已含损耗）。",
    "req.heatmap": "所需坐席：{queue}",
    "req.interval": "时段",
    "req.hours": "所需坐席工时",
    "req.peak": "峰值坐席数",
    "req.total": "全部队列",
    "req.running": "正在预测并计算各队列所需人力…",
    "req.fte": "折合全职坐席（40 小时）",
    "req.table": "各时段明细（含排队模型诊断）",
    "roster.title": "排班",
    "roster.intro": "在劳动规则、坐席技能、会员认证和请假的约束下，生成满足人力需求"
    "且成本最低的排班。人手不足之处会明确标出，绝不隐藏。",
    "roster.generate": "生成排班",
    "roster.time_limit": "求解时间上限（秒）",
    "roster.progress_start": "正在预测并建立模型…",
    "roster.progress": "求解中（{stage}）… {elapsed:.0f} 秒：目标值 {objective}"
    "（人工成本加缺口罚金），差距 {gap}",
    "roster.progress_bound": "求解中（{stage}）… {elapsed:.0f} 秒：尚无排班；任何排班的目标值"
    "都不低于 {bound}（人工成本加缺口罚金）",
    "roster.simulating": "正在仿真这份排班能达到的服务水平…",
    "roster.cannot_simulate": "现有历史数据无法预测 {week} 这一周，因此未仿真这份排班的服务水平。",
    "roster.simulated": "用预测的咨询量对这份排班进行仿真，全部队列的服务水平为 {service}。"
    "各队列与目标的对比：",
    "roster.sim.target": "目标",
    "roster.simulated_title": "仿真服务水平",
    "roster.sim.sl": "仿真服务水平",
    "roster.sim.asa": "平均应答时间（秒）",
    "roster.sim.occupancy": "占用率",
    "roster.sim.meets": "达标",
    "roster.gantt_channels": "显示的渠道",
    "roster.replan_n": "保留 {n} 个锁定班次并重新排班",
    "roster.done": "排班完成，用时 {elapsed:.0f} 秒：成本 {cost}，差距 {gap}。",
    "roster.done_notes": "用时 {elapsed:.0f} 秒得到一份排班（成本 {cost}），但使用前请先阅读"
    "以下说明：",
    "roster.no_bound": "求解器没有得到下界，因此不知道这份排班离最优还有多远（差距没有参考"
    "意义）。请提高求解时间上限后重新生成。",
    "roster.none": "还没有排班。请点击「生成排班」：将使用「数据」页面中的数据。",
    "roster.kpi.cost": "人工成本",
    "roster.kpi.shortfall": "人手缺口（人·小时）",
    "roster.kpi.coverage": "需求覆盖率",
    "roster.kpi.agents": "上班坐席",
    "roster.kpi.shifts": "班次数",
    "roster.kpi.gap": "最优性差距",
    "roster.preferences": "坐席排班意愿满足：{met} / {asked}（休息日、早班或晚班）。",
    "roster.gantt": "坐席班次甘特图",
    "roster.gantt_day": "显示日期",
    "roster.activity.work": "工作",
    "roster.activity.break": "小休",
    "roster.activity.lunch": "午餐",
    "roster.coverage": "覆盖与需求对比",
    "roster.required": "需求",
    "roster.scheduled": "已排",
    "roster.shortfall": "缺口",
    "roster.pin": "锁定班次并重新排班",
    "roster.pin_help": "勾选的班次在重新排班时保持不变，其余班次由求解器重新安排。",
    "roster.pinned": "锁定",
    "roster.pin_agents": "坐席",
    "roster.pin_all_agents": "全部坐席",
    "roster.pin_days": "日期",
    "roster.pin_all_days": "全部日期",
    "roster.pin_shown": "显示 {shown} / {total} 个班次。更改筛选条件时，已勾选的班次会保留。",
    "roster.start": "开始",
    "roster.end": "结束",
    "roster.agent": "坐席",
    "roster.check_ok": "已通过独立的排班校验。",
    "roster.other_week": "这是 {shown} 这一周的排班，不是侧边栏所选的一周（{week}）。请为 {week} "
    "生成排班，或在侧边栏选择 {shown}。",
    "roster.reopened": "{week} 这一周的排班，从方案库重新打开：成本 {cost}。",
    "check.cannot": "无法用当前数据校验这份排班，因此不显示也不导出。问题及修改方法如下：",
    "check.failed": "按当前数据，这份排班违反了 {n} 条规则（例如排班之后新增了休假），因此不显示"
    "也不导出。请重新生成排班。全部违规如下：",
    "check.rule": "规则",
    "roster.previous": "休息时间和连续上班天数从 {week} 当周已发布的排班（{name}，版本 "
    "{version}）延续过来。",
    "roster.previous_none": "{week} 当周没有已发布的排班：本周开始时所有坐席均视为已休息。"
    "在导出页发布那一周的排班，即可延续休息时间和连续上班天数。",
    "roster.infeasible": "无法排班。问题及修改方法如下：",
    "roster.failed": "未找到排班：{message}。请给求解器更多时间后重试。",
    "roster.shortfall_title": "人手缺口出现在哪里、原因是什么",
    "roster.reason": "原因",
    "roster.reason.no_eligible_agent": "没有坐席可以服务这个队列",
    "roster.reason.closed_hours": "该渠道此时不营业（营业时间）",
    "roster.reason.no_allowed_shift": "可服务该队列的坐席此时都没有可排的班次",
    "roster.reason.not_enough_hours": "坐席工时不足",
    "roster.shortfall_intervals": "缺口时段数",
    "roster.shortfall_first": "最早",
    "roster.shortfall_last": "最晚",
    "whatif.title": "情景模拟",
    "whatif.intro": "构建情景（咨询量增加、处理时长变长、增加临时工），用同一流程运行，并排"
    "比较成本、人手缺口和服务水平。",
    "whatif.build": "构建情景",
    "whatif.name": "情景名称",
    "whatif.volume": "咨询量变化（%）",
    "whatif.aht": "处理时长变化（%）",
    "whatif.temps": "增加临时坐席",
    "whatif.channels": "受影响的渠道",
    "whatif.add": "添加情景",
    "whatif.clear": "全部删除",
    "whatif.list": "情景列表",
    "whatif.run": "运行情景",
    "whatif.compare": "并排比较",
    "whatif.curve": "成本与服务水平曲线",
    "whatif.sweep": "绘制曲线",
    "whatif.empty": "还没有情景：请在上方添加。",
    "whatif.cost": "人工成本",
    "whatif.service": "仿真服务水平",
    "whatif.default_name": "高峰 +30%",
    "whatif.temp_cost": "临时坐席时薪",
    "whatif.bad_name": "请为情景取一个新名称（已使用：{names}）。",
    "whatif.preparing": "正在预测本周…",
    "whatif.progress": "已完成 {done}/{total}（每个情景：人力需求、排班、仿真）…",
    "whatif.shortfall_h": "人手缺口（人·小时）",
    "whatif.abandon": "放弃率",
    "whatif.below_target": "未达标队列数",
    "whatif.seconds": "运行时间（秒）",
    "whatif.gap": "求解差距",
    "whatif.gap_help": "求解差距为 –（无数值）：该行沿用当前排班、只做仿真，没有运行求解器。",
    "whatif.keep": "保留当前排班（只做仿真）",
    "whatif.keep_temps": "临时工需要排班：保留当前排班的情景不能增加临时工。"
    "请取消勾选或把临时工设为 0。",
    "whatif.base_kept": "基准是当前排班（「排班」页面）；其他情景除非保留它，否则会重新排班。",
    "whatif.base_solved": "本周还没有通过校验的排班，因此基准与其他情景一样重新排班。"
    "请在「排班」页面生成排班后再对比。",
    "whatif.stale": "上次的结果属于另一周或另一份数据，已收起。请重新运行情景。",
    "whatif.per_queue": "各队列仿真服务水平",
    "whatif.sweep_line": "服务水平目标 70–95%",
    "whatif.scenarios": "情景",
    "whatif.keeps": "保留当前排班",
    "whatif.remove_which": "要删除的情景",
    "whatif.remove": "删除",
    "whatif.keep_without_roster": "未运行任何情景。保留当前排班的情景需要 {week} 这一周"
    "有通过校验的当前排班，但目前没有。这些情景是：{names}。请在「排班」页面生成排班，"
    "或在下方删除这些情景，再在不勾选「保留当前排班（只做仿真）」的情况下重新添加。",
    "whatif.cannot_run": "无法运行这些情景。问题及修改方法如下：",
    "export.title": "导出与发布",
    "export.intro": "分发排班：CSV 供其他系统使用，Excel 工作簿供排班员和组长使用，"
    "每位坐席一个日历文件。",
    "export.none": "还没有排班：请先在「排班」页面生成。",
    "export.csv": "下载 roster.csv",
    "export.xlsx": "下载 Excel 工作簿",
    "export.ics": "下载日历（.ics，zip 压缩包）",
    "export.publish": "发布到方案库",
    "export.publish_name": "方案名称",
    "export.published": "已发布 {name}，版本 {version}。",
    "export.default_name": "排班 {week}",
    "export.versions": "已发布的方案",
    "export.reopen": "重新打开",
    "export.reopen_which": "要重新打开的方案",
    "export.save_plan": "保存为草稿方案",
    "export.saved": "已保存草稿 {name}，版本 {version}。",
    "export.col.kind": "类型",
    "export.kind.published": "已发布",
    "export.kind.plan": "草稿",
    "export.reopened": "已重新打开 {name} 版本 {version}：各页面现在使用这份排班。",
    "export.no_versions": "还没有发布过方案。",
    "export.col.name": "方案",
    "export.col.version": "版本",
    "export.col.created": "发布时间（UTC）",
    "export.store_failed": "方案库目前无法使用，因此暂时不能发布、保存或重新打开排班"
    "（下载不受影响）。问题及修改方法如下：",
}

STRINGS: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}


def language() -> str:
    """The language chosen in the sidebar (``en`` or ``zh``)."""
    chosen = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return chosen if chosen in STRINGS else DEFAULT_LANGUAGE


def t(key: str, **values: Any) -> str:
    """The text for ``key`` in the current language, with ``{placeholders}`` filled in."""
    text = STRINGS[language()].get(key, EN[key])
    return text.format(**values) if values else text


def t_or(key: str, default: str) -> str:
    """The text for ``key`` when the app has one, else ``default`` (names from the data)."""
    return t(key) if key in EN else default


def translated(text: str) -> str:
    """A library message (a problem, its fix, a solver note) in the current language."""
    return translate(text, language())
