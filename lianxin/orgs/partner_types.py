"""The partner types every install starts with (a data migration seeds them; the admin adds more),
and the words of a report that point to the partner type handling a public-space problem."""

from typing import Any

# code → (name, English name, routing keywords); the order is the seeded sort order.
PARTNER_TYPES: dict[str, tuple[str, str, str]] = {
    "court": ("法院", "Court", ""),
    "procuratorate": ("检察院", "Procuratorate", ""),
    "hrss": ("人社局", "Human resources and social security bureau", ""),
    "justice": ("司法局", "Justice bureau", ""),
    "petition": ("信访局", "Petition office", ""),
    "community": (
        "社区",
        "Community",
        "井盖 乱停车 乱停放 卫生死角 垃圾 充电桩 路灯 积水 占道 路面破损 噪音 绿化",
    ),
    "deputy": ("人大代表", "People's congress deputy", ""),
    "cppcc": ("政协委员", "CPPCC member", ""),
    "transport": ("交通运输局", "Transport bureau", "货运 超载 运输 网约车平台"),
    "emergency": ("应急管理局", "Emergency management bureau", "安全隐患 消防 火灾 危化品"),
    "market": ("市场监管局", "Market regulation bureau", "食品安全 价格欺诈 假冒"),
    "red_cross": ("红十字会", "Red Cross", "急救 应急救护"),
    "hospital": ("医院", "Hospital", "就医 职业病 体检"),
}


def seed_partner_types(model: Any) -> int:
    """Create the seeded types that are missing; never overwrite what an admin has edited."""
    created = 0
    for order, (code, (name, name_en, keywords)) in enumerate(PARTNER_TYPES.items()):
        _obj, was_created = model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "keywords": keywords,
                "sort_order": 10 * (order + 1),
            },
        )
        created += was_created
    return created
