"""The words 智能问数 understands, each mapped onto one registry slot value.

Matching is longest-first over the whole question (按期办结率 before 办结率, 加班费 before 加班), so
a word listed here may contain another without harm. Every value is a registry key: metrics and
dimensions of `registry`, category keys of `cases.taxonomy`, channel and urgency values of
`cases.models`. Adding a synonym is adding a line.
"""

METRIC, COUNT_HINT, GROUP, CATEGORY, CHANNEL, URGENCY, UNSUPPORTED = (
    "metric", "count_hint", "group", "category", "channel", "urgency", "unsupported",
)  # fmt: skip

METRIC_WORDS = {
    "resolution_rate": "解决率 办结率 问题解决率 诉求解决率 化解率 结案率 办结比例 解决比例 "
    "受理口径解决率 已受理解决率",
    "resolution_rate_all": "全口径解决率 全部诉求解决率 全部解决率 总解决率 登记口径解决率 "
    "全口径办结率 总办结率",
    "claim_count": "理赔件数 理赔数量 理赔案件数 理赔多少件 理赔量 理赔案件 事故理赔件数",
    "claim_amount_claimed": "申请金额 索赔金额 申请赔偿金额 索赔总额 申请理赔金额",
    "claim_amount_paid": "理赔金额 赔付金额 赔偿金额 实际赔付 理赔总额 赔付总额 赔付多少 赔了多少",
    "satisfaction_rate": "满意率 满意度 群众满意度 职工满意度 满意比例 好评率 评价满意率",
    "response_rate": "响应率 及时响应率 响应及时率 受理及时率 接诉响应率 回应率 及时受理率",
    "on_time_rate": "按期办结率 按时办结率 按期率 按时率 及时办结率 准时办结率 按期完成率 "
    "按期解决率 按时解决率 期限内办结率",
    "avg_resolve_days": "平均办理时长 平均办结时长 平均处理时长 平均解决时长 平均用时 平均办理天数 "
    "平均办结天数 平均天数 平均耗时 办理时长 办结时长 处理时长 办理周期 平均多少天 平均几天 "
    "要多久 多长时间 用了多久 几天办结 多少天办结 平均时长 平均化解时长 化解时长 平均化解天数",
    "overdue_count": "超期 逾期 超时未办 超期未办 超期件 逾期件 逾期未办 超期未办结 逾期未办结 "
    "超过期限 过期未办 超期诉求 逾期诉求",
    "open_count": "未办结 在办 待办 积压 未结 尚未办结 正在办理 办理中 未办完 没办完 还没解决 "
    "未解决 没解决 在途 未销账 还在办 还在办理 仍在办理 尚在办理 还没办完 还没有办完 尚未办完 没有办完 "
    "没办结 没有办结 还没办结 还没有办结 未完结 没完结 尚未完结 还没结案 未结案 尚未结案 没结案 "
    "正在处理 处理中 还在处理 未处理完 没处理完 尚未解决 还未解决 挂着没办",
    "case_count": "诉求量 诉求数 诉求数量 案件数 件数 数量 总量 总数 受理量 来件量 反映量 "
    "诉求总数 问题数 登记数 挂号数 新增诉求 新增",
}

# Words that ask “how many” without naming a measure: the count of cases, when nothing more
# specific is asked.
COUNT_HINTS = "多少件 多少个 多少条 多少起 多少宗 几件 几个 几起 多少 有多少 最多 最少 多不多"

# Nouns that make the case ledger the subject of a question: with them (and no other figure named)
# the question asks for the count of cases. Without one — and without a case figure — a question is
# refused, never answered with the count of cases (“会员人数有多少” is not about cases).
COUNT_NOUNS = "诉求 案件 来件 问题 投诉 工单 件 多少起 几起 多少宗"

# The areas the registry may not hold yet, by a few words each (area_words.py): a question with
# them is about that area and is refused until its figures are declared — never answered with a
# case figure. Words the case ledger uses as a channel (热线, 驿站, 随手拍 …) stay the ledger's.
AREA_WORDS = {
    "proposals": "改善提案 合理化建议 提案 参与率 职工参与率 采纳率 创效",
    "meetings": "议事会 协商议事",
    "contests": "创新竞赛 劳动竞赛 技能竞赛 竞赛 参赛 比赛",
    "challenges": "揭榜挂帅 揭榜 张榜 榜单",
    "members": "会员与入会 会员 入会 入会率 建会 工会会员",
    "gig": "新就业形态入会 新就业形态劳动者入会",
    "hardship": "困难帮扶 帮扶 困难职工 困难档案 救助 帮扶金",
    "warmth": "送温暖 慰问金",
    "mutual_aid": "互助保障 互助 保障金",
    "stations": "驿站人次 驿站数",
    "activities": "活动服务 活动报名 活动 报名",
    "skills": "工匠学院 学分银行 学分 课程 工匠",
    "jobs": "就业服务 招聘 岗位 求职 就业",
    "quality": "数据治理 数据质量",
    "referrals": "协作转办 转办",
    "supervision": "督办 催办",
}

# How people ask for a figure an app declares (core.areas), beyond the synonyms the app gives it:
# read only while the app declares the metric (area_words.py), so without it they are refused.
AREA_METRIC_WORDS = {
    "contest_participants": "参加竞赛 参加比赛 参赛的有多少人 多少人参赛",
    "job_applications": "投递岗位 投递简历 多少人投递 投递了多少 岗位投递",
    "visit_days_held": "多少次陪伴日 几次陪伴日 陪伴日开展了多少次 陪伴日开展",
    "claims_paid": "互助保障理赔件数 互助保障理赔 互助理赔",
    "quality_issues": "诉求数据质量问题 诉求数据问题 台账数据质量问题",
    "warmth_recipients": "走访慰问了多少 走访慰问人次 慰问职工人数 慰问了多少职工",
    "member_count": "会员有多少 多少会员 多少名会员 工会会员人数 工会会员数",
    "new_members": "有多少人入会 多少人入会 入会了多少人 新入会多少",
}

# Measures the registry does not have: a helpful answer, never a nearby guess.
UNSUPPORTED_WORDS = (
    "超期率 逾期率 办结了多少 已办结多少 解决了多少 办结多少 解决多少 满意的有多少 不满意的有多少 "
    "不满意率 重复诉求 同比 环比 增长率 增幅 人均 "
    # comparisons between periods are not answered yet: a figure of one period would mislead
    "增长 增加了 下降 减少 上升 缩短 延长 比去年 比上月 比上个月 相比 对比 同期 提高了 降低了"
)

GROUP_WORDS = {
    "child": "各区 各县区 各区县 各县 各县市区 各县(市、区) 各县（市、区） 分区 按区 各下级单位 "
    "下级单位 各下级 各单位 按单位 分单位 各街道 按街道 分街道 各乡镇 各地 各市 分地区 按地区 "
    "各地区 各产业工会 哪个区 哪些区 哪个县 哪个街道 哪些街道 哪个单位 哪些单位 哪个地区 下属单位 "
    "各下属单位 各直属单位 哪个市 各区总工会 区县 各区工会",
    "enterprise": "各企业 按企业 分企业 哪家企业 哪个企业 哪些企业 各基层工会 哪个基层工会 "
    "哪些基层工会 各公司 哪家公司 哪个公司 企业排名 各厂 哪个厂 各企业工会 基层企业",
    "category": "按类别 分类别 各类别 各类 按类型 分类型 各类型 哪类 哪一类 哪种 哪些类 按问题类型 "
    "分问题类型 诉求类型 问题类型 分类统计 按分类 各类诉求 什么问题 哪方面 哪些方面 类别分布 "
    "哪个类别 哪些类别 什么类型 分类",
    "channel": "分渠道 按渠道 各渠道 哪个渠道 哪些渠道 渠道分布 按来源 分来源 各来源 来源渠道 "
    "哪个途径 各途径 哪种渠道 什么渠道",
    "month": "每月 按月 各月 逐月 月度 每个月 分月 按月份 各月份 月趋势 趋势 走势 变化 哪个月 月份分布",
    "claim_type": "按理赔类型 分理赔类型 各理赔类型 理赔类型 按事故类型 分事故类型 各事故类型 事故类型 "
    "各类理赔 各类事故",
    "quarter": "每季度 按季度 各季度 分季度 逐季度 季度分布 每个季度 季度趋势 季度走势 哪个季度",
}

CATEGORY_WORDS = {
    "wages": "劳动报酬与欠薪 劳动报酬 欠薪 拖欠工资 欠工资 工资拖欠 讨薪 工资 薪酬 加班费 工钱 报酬",
    "contract": "劳动合同 合同",
    "social_insurance": "社会保险 社保 五险 养老保险 医疗保险 失业保险 医保",
    "injury_health": "工伤与职业健康 工伤 职业健康 职业病 职业危害",
    "safety": "安全生产 安全隐患 生产安全 消防 安全问题",
    "hours_leave": "工作时间与休息休假 工作时间 休息休假 加班 休假 工时 轮休 调休",
    "conditions": "劳动条件与设施 劳动条件 工作环境 劳动保护 设施",
    "canteen_dorm": "食堂宿舍与生活 食堂 宿舍 伙食 住宿 饭菜",
    "women": "女职工权益 女职工 妇女 哺乳 孕期",
    "welfare": "福利与文体 福利 文体 慰问",
    "skills": "技能与发展 技能 培训 职业发展 晋升",
    "democracy": "民主管理与厂务公开 民主管理 厂务公开 职代会",
    "gig_platform": "新就业形态与平台规则 新就业形态 平台规则 骑手 外卖 快递员 网约车司机 货车司机 平台 "
    "送餐 送外卖 配送 跑单",
    "accident": "交通事故与理赔 交通事故 事故 理赔 摔伤 摔倒 撞伤 车祸",
    "other": "其他类 其他类别 其它类",
}

CHANNEL_WORDS = {
    "visit": "工会主席陪伴日 主席陪伴日 陪伴日 走访",
    "hotline": "12351热线 12351 热线电话 热线 电话",
    "online": "网上意见箱 意见箱 网上 线上 网络 在线",
    "snapshot": "随手拍 拍照",
    "station": "工会驿站 驿站 服务站",
    "meeting": "议事厅 工事共商 协商会 座谈会",
    "letter": "来信来访 来信 来访 信访",
    "import": "批量导入 导入 历史台账",
}

URGENCY_WORDS = {
    "urgent": "紧急 加急 急件 特急",
    "complex": "复杂 疑难",
    "ordinary": "普通件 一般件 普通诉求 一般诉求",
}

# Ranking: a direction, and the meaning of “good” and “fast” per metric (parser.py).
HIGH = "最高 最多 最大 最长 最慢"
LOW = "最低 最少 最小 最短 最快"
GOOD, BAD = "最好 最优 最佳", "最差 最坏"
ORDER_DESC = "排名 排行 排序 名次 从高到低 由高到低 从多到少 降序 排前"
ORDER_ASC = "从低到高 由低到高 从少到多 升序 排后 垫底"

# Where the ranking names what is ranked without a group word (“解决率最高的企业”).
BARE_GROUPS = {
    "enterprise": "企业 公司 基层工会 厂",
    "child": "区 县 单位 街道 下级 地区 乡镇",
    "category": "类别 类型 方面",
    "channel": "渠道 途径 来源",
    "month": "月份 月",
    "quarter": "季度",
}

PLACE_SUFFIXES = "省 市 区 县 镇 乡 街道 公司 集团 企业 工会 局 院 厂"
# Words ending like a place name that are not one.
NOT_PLACES = (
    "全市 全区 全县 全省 本市 本区 本县 各市 各区 各县 全镇 全街道 全公司 全厂 工会 企业 公司"
)

EXAMPLES = [
    "今年各区的解决率",
    "上个月满意率最低的三家企业",
    "一季度欠薪诉求有多少件",
    "近30天热线来的诉求按类别分",
    "2025年每月的按期办结率",
    "本月超期未办结的有多少",
    "上半年哪个区平均办理时长最短",
]


def words(text: str) -> list[str]:
    return text.split()
