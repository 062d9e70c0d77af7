"""Simplified Chinese for the messages about requirements, simulation, scenarios, the plan
store, exports and the plan pipeline."""

ZH_PLAN: dict[str, str] = {
    # ------------------------------------------------------------------ simulation (simulate.py)
    "interval starts are not on one {minutes}-minute grid": "时段开始时间不在同一个 {minutes} 分钟的网格上",
    "align every interval_start to the grid": "把每个 interval_start 对齐到该网格",
    "required column '{column}' is missing": "缺少必需的列 '{column}'",
    "add a '{column}' column": "添加 '{column}' 列",
    "there are no rows": "没有任何数据行",
    "add at least one row": "至少添加一行数据",
    "forecast intervals are {step:g} minutes apart; the interval length must be 15, 30 or 60 "
    "minutes": "预测的时段间隔为 {step:g} 分钟；时段长度必须是 15、30 或 60 分钟",
    "aggregate the forecast to one of these grids": "把预测汇总到其中一种时段长度",
    "volume must be a number, 0 or more": "volume 必须是大于或等于 0 的数字",
    "correct the forecast volume": "修正预测的 volume（咨询量）",
    "aht_s must be a positive number where volume is positive": "volume 大于 0 的行，aht_s 必须是正数",
    "correct the handle time": "修正处理时长",
    "queue {channel}/{level} has no target": "队列 {channel}/{level} 没有服务目标",
    "add a [[queues]] entry for it to targets.toml or drop it from the forecast": "在 targets.toml 中为它添加一个 [[queues]] 条目，或从预测中删除它",
    "duplicate interval_start, channel and vip_level": "interval_start、channel 和 vip_level 重复",
    "keep one row per interval and queue": "每个时段和队列只保留一行",
    "work blocks on queue {channel}/{level}, which has no target": "有工作时段排在队列 {channel}/{level} 上，但该队列没有服务目标",
    "add the queue to targets.toml or correct the roster": "在 targets.toml 中添加该队列，或修正排班",
    "the roster works from {first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M}, outside the "
    "forecast's {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}: nothing would be simulated": "排班的工作时间为 {first:%Y-%m-%d %H:%M} 至 {last:%Y-%m-%d %H:%M}，"
    "在预测范围 {start:%Y-%m-%d %H:%M} 至 {end:%Y-%m-%d %H:%M} 之外：没有可仿真的内容",
    "simulate the roster against the forecast of its own week": "用排班所在那一周的预测来仿真",
    "volume must be a whole number, 0 or more": "volume 必须是大于或等于 0 的整数",
    "correct the count": "修正咨询量",
    "add it to targets.toml or drop the row": "在 targets.toml 中添加该队列，或删除这一行",
    "interval is not in the forecast horizon and grid": "该时段不在预测的时间范围和时段网格内",
    "replay a history slice covering the forecast's intervals, with a forecast row for every "
    "replayed interval and queue": "回放覆盖预测时段的历史数据片段，并确保每个回放的时段和队列都有对应的预测行",
    # ------------------------------------------------------- forecast and requirements (requirements.py)
    "the forecast to write has no '{column}' column": "要写出的预测没有 '{column}' 列",
    "pass a frame with the forecast.csv columns, as Forecaster.predict returns": "传入包含 forecast.csv 各列的数据表（即 Forecaster.predict 返回的格式）",
    "aht_s is empty on every row of queue {channel}/{vip_level} with contacts ({rows} rows): the "
    "forecast has no handle time for it (a history.csv without aht_s gives such a forecast)": "队列 {channel}/{vip_level} 有咨询量的每一行（共 {rows} 行）aht_s 都为空："
    "预测中没有该队列的处理时长（history.csv 缺少 aht_s 时就会得到这样的预测）",
    "add aht_s (average handle time in seconds) to history.csv and forecast again, or fill the "
    "column": "在 history.csv 中加入 aht_s（平均处理时长，单位为秒）后重新预测，或把这一列填上",
    "{column} (contacts)": "{column}（咨询量）",
    "{column} (seconds)": "{column}（秒）",
    "aht_s must be greater than 0 where volume is above 0": "volume 大于 0 的行，aht_s 必须大于 0",
    "write the average handle time in seconds, such as 240": "填写以秒为单位的平均处理时长，例如 240",
    "volume_p10 is above volume_p90 ({p90})": "volume_p10 大于 volume_p90（{p90}）",
    "the 10% quantile must not exceed the 90% quantile; swap or correct them": "10% 分位数不能大于 90% 分位数；请交换或修正这两个值",
    "{column} is a share and must be at most 1": "{column} 是比例，不能大于 1",
    "write it as a fraction such as 0.85": "写成小数，例如 0.85",
    "target_met must be true or false": "target_met 必须是 true 或 false",
    "write true or false": "填写 true 或 false",
    "min_tier differs from the {usual} of the other rows of queue {channel}/{vip_level}; a queue "
    "has one tier": "min_tier 与队列 {channel}/{vip_level} 其他行的 {usual} 不同；一个队列只能有一个等级",
    "use the queue's min_tier from targets.toml on every row": "每一行都使用 targets.toml 中该队列的 min_tier",
    "{column} is required": "{column} 为必填项",
    "fill in the queue's {column} (as in targets.toml)": "填写队列的 {column}（与 targets.toml 中一致）",
    "add a [[queues]] table for it to targets.toml or drop it from the forecast": "在 targets.toml 中为它添加一个 [[queues]] 表，或从预测中删除它",
    "the forecast is on a {step}-minute grid, which does not nest with the {minutes}-minute "
    "intervals the requirements are sized on": "预测按 {step} 分钟的时段划分，与计算人力需求所用的 {minutes} 分钟时段无法互相嵌套",
    "use an interval length that divides or is a multiple of {step} minutes": "使用能整除 {step} 分钟或为其整数倍的时段长度",
    "no agent count meets every target of this queue; the count shown is the search limit": "任何坐席人数都无法达到该队列的全部目标；显示的人数是搜索上限",
    "closed: contacts forecast outside opening hours cannot be served": "非营业时间：预测在营业时间之外的咨询无法被接待",
    # ------------------------------------------------------------ the plan pipeline (pipeline.py)
    "the planning week start is not a date": "排班周的开始不是有效的日期",
    "the planning week start must be a date (midnight), not a time of day": "排班周的开始必须是一个日期（零点），不能是一天中的某个时刻",
    "the planning week start is inside the history, which runs to {last:%Y-%m-%d %H:%M}": "排班周的开始落在历史数据之内（历史数据截至 {last:%Y-%m-%d %H:%M}）",
    "give a date after {last:%Y-%m-%d}, e.g. {first:%Y-%m-%d}": "选择 {last:%Y-%m-%d} 之后的日期，例如 {first:%Y-%m-%d}",
    "no handle time for queues {queues}: aht_s is empty on every one of their rows with "
    "contacts, so their requirements cannot be sized": "队列 {queues} 没有处理时长：这些队列有咨询量的每一行 aht_s 都为空，"
    "因此无法计算它们的人力需求",
    "add aht_s (average handle time in seconds) to history.csv": "在 history.csv 中加入 aht_s（平均处理时长，单位为秒）",
    # ------------------------------------------------------------------------ exports (export.py)
    "the calendars' time zone '{timezone}' is not a known IANA time zone": "日历的时区 '{timezone}' 不是已知的 IANA 时区",
    "give a name such as Asia/Shanghai or Europe/Berlin (on the command line: --timezone)": "填写 Asia/Shanghai 或 Europe/Berlin 这样的时区名称（命令行中用 --timezone）",
    "pass the agents table with agent_id and name columns": "传入包含 agent_id 和 name 列的坐席表",
    "the roster has an agent that is not in the agents table": "排班中有一名坐席不在坐席表中",
    "add the agent to agents.csv or export with the agents file the roster was built from": "把该坐席加入 agents.csv，或使用生成这份排班时的坐席文件导出",
    # ------------------------------------------------------------------- the plan store (store.py)
    "the plan store at {location}: {what}": "方案库 {location}：{what}",
    "give a writable file path or a PostgreSQL URL (or set {env}), e.g. ~/.staffing/plans.sqlite "
    "or {url}": "填写一个可写入的文件路径或 PostgreSQL URL（或设置环境变量 {env}），"
    "例如 ~/.staffing/plans.sqlite 或 {url}",
    "cannot open it ({reason})": "无法打开（{reason}）",
    "cannot use it ({reason})": "无法使用（{reason}）",
    "not a plan store database ({reason})": "不是方案库的数据库（{reason}）",
    "lost the server ({reason})": "与服务器的连接已断开（{reason}）",
    "the server refused the operation ({reason})": "服务器拒绝了该操作（{reason}）",
    "the server refused the user name or password ({reason})": "服务器拒绝了用户名或密码（{reason}）",
    "correct the user and password in the URL (or in {env})": "修正 URL 中（或 {env} 中）的用户名和密码",
    "the server refused the connection ({reason})": "服务器拒绝了连接（{reason}）",
    "create it first (e.g. createdb) or correct the URL": "先创建该数据库（例如用 createdb），或修正 URL",
    "cannot reach the server ({reason})": "无法连接到服务器（{reason}）",
    "check that the PostgreSQL server is running and that host and port in the URL are right": "确认 PostgreSQL 服务器正在运行，并且 URL 中的主机和端口正确",
    "the plan store at {location} is a PostgreSQL database, which needs the psycopg package": "方案库 {location} 是 PostgreSQL 数据库，需要安装 psycopg 包",
    'install it: pip install "psycopg[binary]"': '安装它：pip install "psycopg[binary]"',
    "connect as the database's owner once (it creates the tables), or grant this user CREATE on "
    "the schema and read/write on the plan store's tables": "以数据库所有者的身份连接一次（会创建所需的表），"
    "或授予该用户在 schema 上的 CREATE 权限以及对方案库各表的读写权限",
    "the plan store URL {location} is not a valid PostgreSQL URL ({what})": "方案库 URL {location} 不是有效的 PostgreSQL URL（{what}）",
    "write it as {url}": "按 {url} 的格式填写",
    "it must start with postgresql://": "必须以 postgresql:// 开头",
    "the plan store at {location} stayed locked by other saves for more than {timeout_s:g} s": "方案库 {location} 被其他保存操作锁定超过 {timeout_s:g} 秒",
    "try again in a moment; if it keeps happening, look for a program holding the database open "
    "in a transaction, or give the Store a longer timeout_s": "稍后再试；如果反复出现，请检查是否有程序在事务中一直占用该数据库，"
    "或为 Store 设置更长的 timeout_s",
    "unknown kind of database URL": "无法识别的数据库 URL 类型",
    "an in-memory database does not survive a restart": "内存数据库在重启后不会保留",
    "it is a folder, not a file": "这是一个文件夹，不是文件",
    "it is not a plan store (it holds the tables {tables}): another program's database, or a "
    "store too old to read": "它不是方案库（其中有表 {tables}）：可能是其他程序的数据库，或是版本过旧、无法读取的方案库",
    "it was written by a newer version (schema {schema}, this program reads up to {latest})": "它由更新的版本写入（schema {schema}，本程序最高只能读取 {latest}）",
    "its schema version '{schema}' is not one this program reads (1 to {latest})": "它的 schema 版本 '{schema}' 不是本程序能读取的版本（1 到 {latest}）",
    "nothing of kind '{kind}' is saved in the plan store {location}": "方案库 {location} 中没有保存任何类型为 '{kind}' 的条目",
    "nothing of kind '{kind}' is saved for the week of {week} in the plan store {location}": "方案库 {location} 中没有保存 {week} 这一周类型为 '{kind}' 的条目",
    "save or publish one first": "先保存或发布一个",
    "none": "无",
    "no saved {kind} '{name}' in the plan store {location} (versions: {have})": "方案库 {location} 中没有类型为 {kind}、名为 '{name}' 的已保存条目（已有版本：{have}）",
    "no saved {kind} '{name}' version {version} in the plan store {location} (versions: {have})": "方案库 {location} 中没有类型为 {kind}、名为 '{name}' 的条目的版本 {version}（已有版本：{have}）",
    "pick one of the entries listed by the store": "从方案库列出的条目中选择一个",
}
