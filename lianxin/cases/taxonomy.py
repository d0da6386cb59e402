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


# What people call a category's cases besides its name — words that name the whole category, not a
# topic inside it (加班费 finds the cases that say it, not every wage case): search finds the
# category's cases by any of them (?q=欠薪 → every wage case), in Chinese and English.
SYNONYMS: dict[str, str] = {
    "wages": "工资 欠薪 拖欠工资 讨薪 工钱 薪水 薪资 劳动报酬 wages pay salary",
    "contract": "合同 劳动合同 劳动关系 contract",
    "social_insurance": "社保 社会保险 五险一金 insurance",
    "injury_health": "工伤 职业病 职业健康 injury health",
    "safety": "安全 安全生产 安全隐患 隐患 safety hazard",
    "hours_leave": "工时 加班 休息 休假 hours leave overtime",
    "conditions": "劳动条件 工作条件 设施 conditions facilities",
    "canteen_dorm": "食堂 宿舍 生活 canteen dormitory",
    "women": "女职工 女工 妇女 women",
    "welfare": "福利 文体 welfare",
    "skills": "技能 培训 职业发展 skills training",
    "democracy": "民主管理 厂务公开 职代会 democracy",
    "gig_platform": "新就业形态 平台 骑手 外卖 快递 网约车 gig platform rider",
    "accident": "交通事故 事故 理赔 accident claim",
    "other": "other",
}
