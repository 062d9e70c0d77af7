"""Simplified Chinese for the messages about reading and checking input files (tables, agents,
rules, targets, the data set, history and backtests)."""

ZH_DATA: dict[str, str] = {
    # staffing/errors.py: a problem table's rows, when there are many
    "{shown}, ... ({n:,} rows)": "{shown}, …（共 {n:,} 行）",
    # staffing/tabular.py: reading any file
    "file is larger than {mb} MB": "文件超过 {mb} MB",
    "split it by date range": "请按日期范围拆分成多个文件",
    "{path} is a folder; a file is read here": "{path} 是文件夹，这里需要的是文件",
    "give the path of the file itself, not of its folder": "请给出文件本身的路径，而不是所在文件夹的路径",
    "file not found at {path}": "找不到文件：{path}",
    "check the path, or run 'staffing sample --out DIR' for an example": (
        "请检查路径，或运行 'staffing sample --out DIR' 生成一份示例"
    ),
    "file is not UTF-8 text (undecodable byte at row {row})": (
        "文件不是 UTF-8 编码的文本（第 {row} 行有无法解码的字节）"
    ),
    "save it as 'CSV UTF-8' (Excel) or re-encode it to UTF-8": (
        "请另存为 'CSV UTF-8'（Excel 中的格式名），或把文件转成 UTF-8 编码"
    ),
    "not valid TOML: {reason}": "不是有效的 TOML：{reason}",
    "check quotes, brackets and '=' on that line; the README has an example of this file": (
        "请检查该行的引号、括号和 '='；README 中有这个文件的示例"
    ),
    "check quotes, brackets and '=' (something is left open at the end); "
    "the README has an example of this file": (
        "请检查引号、括号和 '='（文件末尾有未闭合的内容）；README 中有这个文件的示例"
    ),
    # CSV structure and header
    "file is empty": "文件为空",
    "add a header row ({columns}) and at least one data row": (
        "请添加表头行（{columns}）和至少一行数据"
    ),
    "cannot read the CSV structure ({reason})": "无法解析 CSV 的结构（{reason}）",
    "make every row have as many comma-separated fields as the header; "
    "quote fields that contain commas": (
        "请让每一行用逗号分隔的字段数与表头相同；含逗号的字段请用双引号括起来"
    ),
    "the data rows have one field more than the header's {n} (a comma at the end of each row?)": (
        "数据行比表头的 {n} 列多出一个字段（是否每行末尾多了一个逗号？）"
    ),
    "remove the comma at the end of each row, or name the extra column in the header": (
        "请删除每行末尾的逗号，或在表头中为多出的一列命名"
    ),
    "file has a header but no data rows": "文件只有表头，没有数据行",
    "add at least one data row": "请至少添加一行数据",
    "the header '{header}' is one column: the file separates its columns with "
    "a tab, not a comma": "表头 '{header}' 被读成了一列：文件用制表符分隔各列，而不是逗号",
    "the header '{header}' is one column: the file separates its columns with "
    "{sep}, not a comma": "表头 '{header}' 被读成了一列：文件用 {sep} 分隔各列，而不是逗号",
    "save the file as comma-separated CSV (in Excel: CSV UTF-8, comma delimited)": (
        "请把文件保存为逗号分隔的 CSV（Excel 中选择“CSV UTF-8（逗号分隔）”）"
    ),
    "required column '{column}' is missing (found: {found})": (
        "缺少必需的列 '{column}'（文件中的列：{found}）"
    ),
    "add a '{column}' column to the header row": "请在表头行中添加 '{column}' 列",
    "column {n} has no name in the header row": "第 {n} 列在表头行中没有列名",
    "unknown column '{column}'": "无法识别的列 '{column}'",
    "rename or remove it; allowed columns are {allowed}": (
        "请重命名或删除该列；允许的列为：{allowed}"
    ),
    "column '{column}' appears more than once": "列 '{column}' 出现了不止一次",
    "keep one of them": "请只保留其中一列",
    "there are no rows": "没有任何数据行",
    "add at least one row": "请至少添加一行",
    # cells: dates and times
    "has a time zone or UTC offset; times are the center's local time": (
        "带有时区或 UTC 偏移；时间应为客服中心的当地时间"
    ),
    "write the local time without the offset, like 2026-11-11 00:15:00": (
        "请写成不带偏移的当地时间，如 2026-11-11 00:15:00"
    ),
    "a date and time is required": "必须填写日期和时间",
    "write it like 2026-11-11 00:15:00": "请写成 2026-11-11 00:15:00 这样的格式",
    "not a valid date and time": "不是有效的日期时间",
    "write it as ISO 8601 local time, like 2026-11-11 00:15:00": (
        "请按 ISO 8601 格式写当地时间，如 2026-11-11 00:15:00"
    ),
    # cells: numbers
    "value": "数值",
    "{what} is required": "{what} 为必填项",
    "fill in a number": "请填写一个数字",
    "{what} is not a number": "{what} 不是数字",
    "write a plain number such as 12 or 12.5 (no units, no thousands separators)": (
        "请填写纯数字，如 12 或 12.5（不带单位，不用千位分隔符）"
    ),
    "{what} must be a finite number": "{what} 必须是有限的数字",
    "write a plain number such as 12 or 12.5": "请填写纯数字，如 12 或 12.5",
    "{what} must be a whole number": "{what} 必须是整数",
    "round it to a whole number": "请取整",
    "{what} must be greater than {minimum:g}": "{what} 必须大于 {minimum:g}",
    "{what} must be at least {minimum:g}": "{what} 不能小于 {minimum:g}",
    "{what} must be at most {maximum:g}": "{what} 不能大于 {maximum:g}",
    "correct the value": "请改正该值",
    # cells: the interval grid, repeated rows, allowed values
    "time is not on the {minutes}-minute interval grid": "时间不在 {minutes} 分钟的时段网格上",
    "use interval start times that are multiples of {minutes} minutes "
    "(e.g. 10:00, {next}); aggregate finer data to the grid first": (
        "时段开始时间应为 {minutes} 分钟的整数倍（如 10:00、{next}）；"
        "更细粒度的数据请先汇总到该网格"
    ),
    "delete the repeated row, or correct its key if it is another record": (
        "请删除重复的行；如果它是另一条记录，请改正它的键值"
    ),
    "duplicate of row {first} ({key})": "与第 {first} 行重复（{key}）",
    "use one of: {allowed}": "请使用以下之一：{allowed}",
    "use one of: {allowed} ({hint})": "请使用以下之一：{allowed}（{hint}）",
    "unknown {what}": "无法识别的{what}",
    # staffing/agents.py: agents.csv, time_off.csv, preferences.csv, pins
    "channel": "渠道",
    "VIP level": "会员等级",
    "preference": "排班意愿",
    "agent_id is required": "agent_id 为必填项",
    "give every agent a unique id such as A0001": "请为每位坐席填写唯一的编号，如 A0001",
    "min_hours_week {low:g} is above max_hours_week {high:g}": (
        "min_hours_week {low:g} 大于 max_hours_week {high:g}"
    ),
    "swap the two values or lower min_hours_week": "请对调这两个值，或调低 min_hours_week",
    "unknown contract": "无法识别的合同类型",
    "contract is required": "合同类型为必填项",
    "use one of the contracts in rules.toml: {contracts}": (
        "请使用 rules.toml 中定义的合同类型之一：{contracts}"
    ),
    "use one of the contracts in rules.toml: (none defined: add [contracts.NAME])": (
        "请使用 rules.toml 中定义的合同类型（目前一个也没有：请添加 [contracts.NAME]）"
    ),
    "name one of the contracts in rules.toml": "请填写 rules.toml 中定义的某个合同类型",
    "agent has no {what}": "坐席没有任何{what}",
    "list at least one {what}, separated by ';' (e.g. phone;chat)": (
        "请至少列出一个{what}，多个之间用 ';' 分隔（如 phone;chat）"
    ),
    "a {what} is listed twice": "有{what}重复列出",
    "list each once": "每项只列一次",
    "unknown {what} '{value}'": "无法识别的{what} '{value}'",
    "make end later than start (end is exclusive: a whole day is "
    "2026-11-11 00:00:00 to 2026-11-12 00:00:00)": (
        "请让 end 晚于 start（end 不含在内：请假一整天写作 "
        "2026-11-11 00:00:00 到 2026-11-12 00:00:00）"
    ),
    "make end the shift's end, later than its start": "end 应为班次的结束时间，且晚于开始时间",
    "end is not after start": "end 没有晚于 start",
    "unknown agent": "无法识别的坐席",
    "use an agent_id from agents.csv or delete the row": (
        "请使用 agents.csv 中的 agent_id，或删除这一行"
    ),
    "not a whole date": "不是一个整日日期",
    "write the day the preference is for, like 2026-11-24": (
        "请填写该意愿对应的日期，如 2026-11-24"
    ),
    "off: the day off; early: start before 12:00; late: start at 12:00 or later": (
        "off：当天休息；early：12:00 之前上班；late：12:00 或之后上班"
    ),
    # staffing/rules.py: rules.toml
    "'{key}' {message}": "'{key}' {message}",
    "is not a known key": "不是可识别的键",
    "remove it or correct its spelling; known keys here: {known}": (
        "请删除它或改正拼写；此处可用的键：{known}"
    ),
    "is required": "为必填项",
    "add it (see the README's rules.toml)": "请添加它（参见 README 中的 rules.toml）",
    "must be a number": "必须是数字",
    "write a plain number such as 8 or 1.5": "请填写纯数字，如 8 或 1.5",
    "must be at least {minimum:g}": "不能小于 {minimum:g}",
    "must be at most {maximum:g}": "不能大于 {maximum:g}",
    "must be a whole number": "必须是整数",
    "round it": "请取整",
    "must be 15, 30 or 60": "必须是 15、30 或 60",
    "use 15, 30 or 60": "请使用 15、30 或 60",
    "must be a multiple of {grid} minutes": "必须是 {grid} 分钟的整数倍",
    "round it to a multiple of interval_minutes ({grid})": (
        "请调整为 interval_minutes（{grid}）的整数倍"
    ),
    "use a multiple of interval_minutes ({grid})": "请使用 interval_minutes（{grid}）的整数倍",
    "{what} is not on the {grid}-minute interval grid": "{what}不在 {grid} 分钟的时段网格上",
    "use a multiple of {grid} minutes": "请使用 {grid} 分钟的整数倍",
    "shift length": "班次时长",
    "start time": "上班时间",
    "break length": "休息时长",
    "window edge": "时间窗的边界",
    "opening time": "营业时间",
    "must be a table": "必须是一个表（table）",
    "write a [shifts] section": "请写一个 [shifts] 段",
    "must be a non-empty list of hours": "必须是非空的小时数列表",
    "write e.g. lengths_h = [4, 6, 8, 9]": "请写成如 lengths_h = [4, 6, 8, 9]",
    "shift length must be in (0, 16] hours": "班次时长必须在 (0, 16] 小时之内",
    "correct the length": "请改正时长",
    "must be a time of day 'HH:MM' before 24:00": "必须是 24:00 之前的时刻，格式为 'HH:MM'",
    'write it like "08:00"': '请写成 "08:00" 这样的格式',
    "is before shifts.earliest_start": "早于 shifts.earliest_start",
    "swap the two times": "请对调这两个时间",
    "must be a list of [[breaks]] tables": "必须是由 [[breaks]] 表组成的列表",
    "write each break as a [[breaks]] section": "请把每种休息写成一个 [[breaks]] 段",
    "must be 'break' or 'lunch' (the break activities of roster.csv)": (
        "必须是 'break' 或 'lunch'（roster.csv 中的休息活动）"
    ),
    'write name = "break" for a short break or name = "lunch" for a meal break': (
        '小休请写 name = "break"，用餐请写 name = "lunch"'
    ),
    "is used by an earlier break": "已被前面的休息规则使用",
    "give every break its own name": "每种休息请使用不同的名称",
    "must be true or false": "必须是 true 或 false",
    "write paid = true": "请写成 paid = true",
    "must be [earliest, latest] hours after the shift start, earliest first": (
        "必须是 [最早, 最晚]，即上班后的小时数，最早的在前"
    ),
    "write e.g. window_after_start_h = [1.5, 3.0]": "请写成如 window_after_start_h = [1.5, 3.0]",
    "a {minutes}-minute {name} starting {start:g} h after the "
    "start does not fit a {length:g} h shift": (
        "上班 {start:g} 小时后才开始的 {minutes} 分钟 '{name}' 放不进 {length:g} 小时的班次"
    ),
    "end the window earlier or raise min_shift_h": "请让时间窗更早结束，或调高 min_shift_h",
    "must be tables like [contracts.full_time]": "必须是 [contracts.full_time] 这样的表",
    "write one [contracts.NAME] section per contract": ("请为每种合同写一个 [contracts.NAME] 段"),
    "must be [min, max] whole days with 0 <= min <= max <= 7": (
        "必须是 [min, max] 整天数，且 0 <= min <= max <= 7"
    ),
    "write e.g. days_per_week = [5, 5]": "请写成如 days_per_week = [5, 5]",
    "must be a table of channel = [open, close]": "必须是“渠道 = [开始营业, 结束营业]”形式的表",
    'write e.g. phone = ["08:00", "24:00"] under [opening_hours]': (
        '请在 [opening_hours] 下写成如 phone = ["08:00", "24:00"]'
    ),
    'must be ["HH:MM", "HH:MM"] (open, close)': '必须是 ["HH:MM", "HH:MM"]（开始营业, 结束营业）',
    'write e.g. ["08:00", "24:00"]; 24:00 means midnight at the end': (
        '请写成如 ["08:00", "24:00"]；24:00 表示当天结束时的午夜'
    ),
    "closes before it opens (overnight spans are not supported)": (
        "结束营业早于开始营业（不支持跨夜营业时间）"
    ),
    'use an opening time before the closing time, at most ["00:00", "24:00"]': (
        '开始营业时间须早于结束营业时间，最大为 ["00:00", "24:00"]'
    ),
    "must be a table of vip_level = weight": "必须是“会员等级 = 权重”形式的表",
    "write e.g. vip = 2.0 under [shortfall_weights]": "请在 [shortfall_weights] 下写成如 vip = 2.0",
    # staffing/targets.py: targets.toml
    "unknown key '{key}'": "无法识别的键 '{key}'",
    "allowed: {keys}": "允许的键：{keys}",
    "shrinkage must be a share from 0 to {most:g}": "shrinkage 必须是 0 到 {most:g} 之间的比例",
    "write it as a fraction such as 0.25 (25% of paid time lost)": (
        "请写成小数，如 0.25（损耗 25% 的带薪时间）"
    ),
    "shrinkage must be at most {most:g}: scheduled agents = needed / "
    "(1 - shrinkage), so {shrinkage:g} would schedule {agents:.3g} agents "
    "for every agent needed (centers lose 0.2-0.4 of paid time to absence, training "
    "and coaching; breaks and lunch are placed by the roster and are not shrinkage)": (
        "shrinkage 不能大于 {most:g}：排班人数 = 所需人数 / (1 - shrinkage)，"
        "因此 {shrinkage:g} 意味着每需要 1 名坐席就要排 {agents:.3g} 名"
        "（客服中心通常有 0.2-0.4 的带薪时间损耗在缺勤、培训和辅导上；"
        "小休和午餐由排班安排，不算损耗）"
    ),
    "write the share of paid time lost, such as 0.25 (if it is really higher, plan "
    "fewer hours per agent in agents.csv instead)": (
        "请填写带薪时间的损耗比例，如 0.25（如果确实更高，请改为在 agents.csv 中"
        "减少每位坐席的计划工时）"
    ),
    "unknown service-level definition": "无法识别的服务水平定义",
    "short_abandon_s must be a number of seconds >= 0": "short_abandon_s 必须是 >= 0 的秒数",
    "write it like 5": "请写成如 5",
    "bot_deflection must be a table": "bot_deflection 必须是一个表（table）",
    "write it as [bot_deflection] with lines like chat = 0.3": (
        "请写一个 [bot_deflection] 段，每行如 chat = 0.3"
    ),
    "a bot deflection share must be in [0, 1)": "机器人分流比例必须在 [0, 1) 之内",
    "write the share of contacts a bot resolves, such as 0.3": (
        "请填写由机器人解决的咨询占比，如 0.3"
    ),
    "no queues are defined": "没有定义任何队列",
    "add one [[queues]] table per channel and VIP level (see the README's example)": (
        "请为每个渠道和会员等级各添加一个 [[queues]] 表（参见 README 中的示例）"
    ),
    "duplicate of queues[{index}]": "与 queues[{index}] 重复",
    "keep one [[queues]] table per channel and VIP level": (
        "每个渠道和会员等级只保留一个 [[queues]] 表"
    ),
    "a queue must be a table": "每个队列必须是一个表（table）",
    "write it as [[queues]]": "请写成 [[queues]] 段",
    "{key} is required": "{key} 为必填项",
    'write it like {key} = "standard"': '请写成如 {key} = "standard"',
    'write it like {key} = "phone"': '请写成如 {key} = "phone"',
    "model is missing or unknown": "model 缺失或无法识别",
    "{key} is required for model '{model}'": "模型 '{model}' 需要填写 {key}",
    "{key} does not apply to deferred work": "{key} 不适用于延时处理的工作（deferred）",
    "remove it; deferred work is sized by respond_within_h": (
        "请删除它；延时处理的工作按 respond_within_h 计算人力"
    ),
    "service_level must be below 1: no service level within a finite {within} can "
    "be 100% (arrivals bunch by chance, so some contact always waits longer), and "
    "sizing for it would schedule absurdly many agents": (
        "service_level 必须小于 1：在有限的 {within} 内，服务水平不可能达到 100%"
        "（咨询到达会随机扎堆，总有咨询要等得更久），按 100% 计算人力会排出多得离谱的坐席"
    ),
    "write a share below 1, such as 0.95 or 0.99": "请填写小于 1 的比例，如 0.95 或 0.99",
    "{key} {requirement}": "{key} {requirement}",
    "must be a share in (0, 1)": "必须是 (0, 1) 之间的比例",
    "must be seconds >= 0": "必须是 >= 0 的秒数",
    "must be hours > 0": "必须是 > 0 的小时数",
    "must be seconds > 0": "必须是 > 0 的秒数",
    "must be a share in (0, 1]": "必须是 (0, 1] 之间的比例",
    "{key} must be a whole number >= {low}": "{key} 必须是 >= {low} 的整数",
    "{key} must be a whole number from {low} to {high}": "{key} 必须是 {low} 到 {high} 之间的整数",
    "write the share of contacts to answer in time, such as 0.80 (below 1)": (
        "请填写需要及时应答的咨询占比，如 0.80（小于 1）"
    ),
    "write the answer threshold in seconds, such as 20": "请填写应答时限（秒），如 20",
    "write the response deadline in opening hours, such as 24": (
        "请填写回复时限（按营业小时计），如 24"
    ),
    "write customers' mean patience in seconds, such as 180 (Erlang A)": (
        "请填写客户的平均耐心时长（秒），如 180（Erlang A 模型）"
    ),
    "write how many chats one agent holds at once, such as 3": (
        "请填写一名坐席同时接待的在线咨询数，如 3"
    ),
    "write the highest sustainable busy share, such as 0.85": ("请填写可持续的最高占用率，如 0.85"),
    "write the longest average speed of answer in seconds, such as 30": (
        "请填写允许的最长平均应答时间（秒），如 30"
    ),
    "write the highest share of contacts allowed to hang up, such as 0.05": (
        "请填写允许的最高放弃率，如 0.05"
    ),
    "write the lowest agent tier allowed, 1 to 3": "请填写允许的最低坐席级别（tier），1 到 3",
    # staffing/dataset.py: the data folder as a whole
    "data folder not found": "找不到数据文件夹",
    "give the folder that holds history.csv, targets.toml, rules.toml and "
    "agents.csv ('staffing sample --out DIR' writes an example)": (
        "请给出包含 history.csv、targets.toml、rules.toml 和 agents.csv 的文件夹"
        "（'staffing sample --out DIR' 可生成一份示例）"
    ),
    "required file is missing": "缺少必需的文件",
    "add it to the data folder (see the README's file formats)": (
        "请把它加入数据文件夹（文件格式见 README）"
    ),
    "queue {channel}/{vip_level} has {n} rows of history but no target in targets.toml": (
        "队列 {channel}/{vip_level} 有 {n} 行历史数据，但 targets.toml 中没有它的服务目标"
    ),
    'add a [[queues]] entry for channel = "{channel}", vip_level = "{vip_level}" '
    "to targets.toml, or correct the spelling in history.csv": (
        '请在 targets.toml 中为 channel = "{channel}"、vip_level = "{vip_level}" '
        "添加一个 [[queues]] 条目，或改正 history.csv 中的拼写"
    ),
    "history is on a {history}-minute grid but rules.toml plans on {rules}-minute intervals": (
        "历史数据的时段为 {history} 分钟，而 rules.toml 按 {rules} 分钟的时段排班"
    ),
    "use an interval length that divides or is a multiple of the history's": (
        "请使用能整除历史数据时段长度、或是其整数倍的时段长度"
    ),
    "queue {channel}/{vip_level} has a target but no history: it is forecast "
    "with no contacts, so nobody is rostered for it": (
        "队列 {channel}/{vip_level} 有服务目标但没有历史数据：预测的咨询量为零，因此不会为它排班"
    ),
    "the history has no contacts in any queue on {n} day(s) ({days}): they are "
    "read as closed days; if the data is missing instead, the forecast will be "
    "too low around them": (
        "历史数据中有 {n} 天所有队列都没有咨询（{days}）：这些天按停业日处理；"
        "如果其实是数据缺失，这些日期前后的预测会偏低"
    ),
    "{listed} and {n} more": "{listed}，另有 {n} 个",
    "1 agent can serve no queue with history ({agents}): their shifts would have "
    "no contacts; check their channels, VIP levels and tier in agents.csv": (
        "有 1 名坐席无法服务任何有历史数据的队列（{agents}）：给他排的班次将没有咨询可接；"
        "请检查 agents.csv 中他的渠道、会员等级和级别（tier）"
    ),
    "{n} agents can serve no queue with history ({agents}): their shifts would "
    "have no contacts; check their channels, VIP levels and tier in agents.csv": (
        "有 {n} 名坐席无法服务任何有历史数据的队列（{agents}）：给他们排的班次将没有咨询"
        "可接；请检查 agents.csv 中他们的渠道、会员等级和级别（tier）"
    ),
    # staffing/io.py
    "this is a folder; a file is written here": "这是一个文件夹，这里要写入的是文件",
    "give a file path (a name inside the folder) instead": (
        "请改为给出文件路径（文件夹中的一个文件名）"
    ),
    # forecast/history.py: history.csv and events.csv
    "{column} is empty": "{column} 为空",
    "fill in the {column} (e.g. '{example}')": "请填写 {column}（如 '{example}'）",
    "aht_s (average handle time in seconds)": "aht_s（平均处理时长，秒）",
    "the interval_start times are not on a regular 5- to 60-minute grid": (
        "interval_start 的时间不在 5 到 60 分钟的规则时段网格上"
    ),
    "aggregate the data to 5, 6, 10, 12, 15, 20, 30 or 60-minute intervals": (
        "请把数据汇总为 5、6、10、12、15、20、30 或 60 分钟的时段"
    ),
    "the history's interval_start times are not on a regular 5- to 60-minute grid; "
    "aggregate the data to 5, 6, 10, 12, 15, 20, 30 or 60-minute intervals": (
        "历史数据 interval_start 的时间不在 5 到 60 分钟的规则时段网格上；"
        "请把数据汇总为 5、6、10、12、15、20、30 或 60 分钟的时段"
    ),
    "keep one row per interval and queue (sum the volumes of both rows if both are real)": (
        "每个时段和队列只保留一行（如果两行都是真实数据，请把咨询量相加）"
    ),
    "event name is empty": "活动名称为空",
    "name the event, e.g. 'Double 11'": "请填写活动名称，如 'Double 11'",
    "end {end} is not after start {start}": "结束时间 {end} 没有晚于开始时间 {start}",
    "end is exclusive: a one-day event on 2026-11-11 has start 2026-11-11 and end 2026-11-12": (
        "end 不含在内：2026-11-11 当天的一日活动，start 为 2026-11-11，end 为 2026-11-12"
    ),
    # forecast/: forecasting and backtests
    "the history has no rows; at least a few weeks are needed": (
        "历史数据没有任何行；至少需要几周的数据"
    ),
    "the history covers {have} days but {purpose} needs at least {days} days "
    "({weeks} whole weeks)": (
        "历史数据只有 {have} 天，但{purpose}至少需要 {days} 天（{weeks} 个整周）"
    ),
    "supply a longer history.csv": "请提供更长的 history.csv",
    "supply a longer history.csv, or use {fewer}": "请提供更长的 history.csv，或{fewer}",
    "forecasting (2 weeks to learn from plus {n} to choose the model and "
    "calibrate the bands)": "进行预测（2 周用于学习，另加 {n} 周用于选择模型和校准预测区间）",
    "a {weeks}-week backtest with {n} selection weeks before each cutoff": (
        "进行 {weeks} 周的回测（每个截止点之前还需 {n} 周用于选择模型）"
    ),
    "fewer backtest weeks (--weeks, or Backtest weeks in the app)": "减少回测周数（命令行 --weeks，或应用中的“回测周数”）",
    "The 'model' parameter of {owner} must name one of {aliases}. Got {alias} instead": (
        "{owner} 的 'model' 参数必须是以下之一：{aliases}。实际为 {alias}"
    ),
    "queue {queue} is not in the history": "历史数据中没有队列 {queue}",
    "use one of {queues}": "请使用以下之一：{queues}",
    "unknown queues {unknown}: the history has {known}": (
        "无法识别的队列 {unknown}：历史数据中的队列为 {known}"
    ),
    "forecast queues that appear in history.csv": "请只预测 history.csv 中出现的队列",
    "start {start} is not a date": "开始时间 {start} 不是日期",
    "write it like 2026-11-23": "请写成 2026-11-23 这样的格式",
    "start {start} lies inside the history, which runs to the end of {last}": (
        "开始时间 {start} 落在历史数据之内（历史数据截至 {last} 结束）"
    ),
    "start on {first} or later": "请从 {first} 或之后开始",
    "start {start} is not on the history's {minutes}-minute grid": (
        "开始时间 {start} 不在历史数据 {minutes} 分钟的时段网格上"
    ),
    "start at midnight or at a multiple of the interval": "请从零点或时段长度的整数倍开始",
    "the forecast would end {n} days after the history, more than the "
    "{most} days the models look ahead": (
        "预测将在历史数据结束 {n} 天后才结束，超过了模型最多能向前预测的 {most} 天"
    ),
    "forecast at most a year past the end of history.csv, or add recent history": (
        "请最多预测到 history.csv 结束后一年，或补充最近的历史数据"
    ),
}
