"""The seeded case taxonomy: stable keys (the API, imports and the classifier use them) and deadlines.

Deadlines are for an ordinary case; urgency and accident claim types adjust them (deadlines.py).
"""

# key: (Chinese name, English name, respond within (value, unit), resolve within (value, unit))
WD, H = "working_days", "hours"
CATEGORIES: dict[str, tuple[str, str, tuple[int, str], tuple[int, str]]] = {
    "wages": ("劳动报酬与欠薪", "Pay and wage arrears", (1, WD), (7, WD)),
    "contract": ("劳动合同", "Employment contracts", (1, WD), (10, WD)),
    "social_insurance": ("社会保险", "Social insurance", (1, WD), (10, WD)),
    "injury_health": ("工伤与职业健康", "Work injury and occupational health", (1, WD), (10, WD)),
    "safety": ("安全生产", "Workplace safety", (4, H), (3, WD)),
    "hours_leave": ("工作时间与休息休假", "Working hours, rest and leave", (1, WD), (7, WD)),
    "conditions": ("劳动条件与设施", "Working conditions and facilities", (1, WD), (10, WD)),
    "canteen_dorm": ("食堂宿舍与生活", "Canteen, dormitory and daily life", (1, WD), (7, WD)),
    "women": ("女职工权益", "Women workers' rights", (1, WD), (7, WD)),
    "welfare": ("福利与文体", "Welfare, culture and sports", (1, WD), (10, WD)),
    "skills": ("技能与发展", "Skills and career development", (1, WD), (15, WD)),
    "democracy": ("民主管理与厂务公开", "Democratic management and openness", (1, WD), (10, WD)),
    "gig_platform": ("新就业形态与平台规则", "Gig work and platform rules", (1, WD), (7, WD)),
    "accident": ("交通事故与理赔", "Traffic accidents and claims", (2, H), (10, WD)),
    "other": ("其他", "Other", (1, WD), (7, WD)),
}


def seed_categories(category_model) -> int:
    """Create the categories that are missing; never overwrite what an admin has edited."""
    created = 0
    for order, (key, (name, name_en, response, resolution)) in enumerate(CATEGORIES.items()):
        _obj, was_created = category_model.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "name_en": name_en,
                "response_value": response[0],
                "response_unit": response[1],
                "resolution_value": resolution[0],
                "resolution_unit": resolution[1],
                "sort_order": order,
            },
        )
        created += was_created
    return created


# What people call a category's cases besides its name: search finds the category's cases by any of
# them (?q=欠薪 → every wage case), in Chinese and English.
SYNONYMS: dict[str, str] = {
    "wages": "工资 欠薪 拖欠工资 讨薪 工钱 薪水 薪资 加班费 绩效 奖金 提成 扣工资 最低工资 wages pay salary",
    "contract": "合同 劳动合同 签合同 辞退 解雇 裁员 经济补偿 试用期 派遣 离职 contract dismissal",
    "social_insurance": "社保 五险一金 养老保险 医保 医疗保险 公积金 失业保险 生育保险 断缴 补缴 insurance",
    "injury_health": "工伤 受伤 工伤认定 伤残 职业病 职业健康 体检 粉尘 噪声 injury health",
    "safety": "安全 隐患 安全隐患 消防 安全生产 事故隐患 劳动保护 safety hazard",
    "hours_leave": "加班 超时 工时 休息 休假 年假 请假 调休 倒班 hours leave overtime",
    "conditions": "设施 条件 空调 降温 高温 防暑 通风 厕所 劳保 照明 conditions facilities",
    "canteen_dorm": "食堂 伙食 饭菜 宿舍 住宿 热水 班车 canteen dormitory",
    "women": "女职工 女工 孕期 产假 哺乳期 生育 性骚扰 母婴室 women maternity",
    "welfare": "福利 慰问 过节费 文体 活动 困难 帮扶 welfare",
    "skills": "技能 培训 证书 职称 晋升 学徒 技能等级 skills training",
    "democracy": "民主 职代会 厂务公开 集体合同 集体协商 合理化建议 democracy",
    "gig_platform": "骑手 外卖 快递 网约车 平台 算法 派单 差评 罚款 封号 新就业形态 gig platform rider",
    "accident": "交通事故 事故 车祸 撞 理赔 保险 赔偿 摔伤 意外 accident claim",
    "other": "其他 other",
}
