"""The data set's org tree and users for bench/generate.py: a province, 10 cities, 5 districts each,
4 streets each, then the enterprises with 2-3 work teams; the seeds, sizes and "now" it is built for.
"""

import random
from datetime import UTC, datetime, timedelta

from bench.gen_rows import _EVENT_COLUMNS, _add_event, _db_time, _event_model, _vendor, _Writer
from bench.import_bench import SURNAMES, TEAMS

SEED = 20261201
# "Now" for the data set: cases span the three years before it.
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00 Beijing time
YEARS = 3

SIZES = {
    "full": {"enterprises": 10_000, "cases": 1_000_000},
    "small": {"enterprises": 1_000, "cases": 20_000},
}

PROVINCE = ("YN", "云南省总工会", "云南省")
CITIES = [
    ("KM", "昆明市", ["五华区", "盘龙区", "官渡区", "西山区", "呈贡区"]),
    ("QJ", "曲靖市", ["麒麟区", "沾益区", "马龙区", "宣威市", "陆良县"]),
    ("YX", "玉溪市", ["红塔区", "江川区", "澄江市", "通海县", "华宁县"]),
    ("BS", "保山市", ["隆阳区", "施甸县", "龙陵县", "昌宁县", "腾冲市"]),
    ("ZT", "昭通市", ["昭阳区", "鲁甸县", "巧家县", "盐津县", "大关县"]),
    ("LJ", "丽江市", ["古城区", "玉龙县", "永胜县", "华坪县", "宁蒗县"]),
    ("PE", "普洱市", ["思茅区", "宁洱县", "墨江县", "景东县", "景谷县"]),
    ("LC", "临沧市", ["临翔区", "凤庆县", "云县", "永德县", "镇康县"]),
    ("CX", "楚雄州", ["楚雄市", "双柏县", "牟定县", "南华县", "姚安县"]),
    ("HH", "红河州", ["蒙自市", "个旧市", "开远市", "弥勒市", "建水县"]),
]
STREETS = ["东城街道", "西城街道", "南城街道", "北城街道"]
BRANDS = [
    "鑫源",
    "华泰",
    "恒通",
    "宏达",
    "金马",
    "天翼",
    "兴业",
    "瑞丰",
    "永安",
    "顺达",
    "博远",
    "正大",
    "德胜",
    "云岭",
    "滇池",
    "彩云",
    "南疆",
    "高原",
    "茶马",
    "春城",
    "金沙",
    "银河",
    "东陆",
    "泰和",
    "联创",
    "新锐",
    "华信",
    "昌盛",
    "万方",
    "汇通",
    "安泰",
    "中天",
    "远航",
    "宝兴",
    "福源",
    "光明",
]
INDUSTRIES = [
    "机械制造",
    "食品",
    "物流",
    "建材",
    "电子科技",
    "纺织",
    "化工",
    "物业服务",
    "餐饮管理",
    "建筑工程",
    "快递",
    "汽车销售",
    "茶业",
    "花卉",
    "矿业",
    "医药",
    "商贸",
    "印刷包装",
]

ORG_TARGET = "orgs.org"


def _build_orgs(enterprises: int, rng: random.Random) -> dict:
    """The tree, level by level with bulk inserts; every org's creation journalled as create_org does."""
    from lianxin.orgs.models import Org

    levels, enterprise_rows = _org_levels(enterprises, rng)
    for level in levels:
        for org, parent in level:
            org.parent_id = parent.pk if parent else None
        Org.objects.bulk_create([org for org, _parent in level], batch_size=5000)
    return {
        "province": levels[0][0][0],
        "cities": [org for org, _ in levels[1]],
        "districts": [org for org, _ in levels[2]],
        "enterprises": enterprise_rows,
        "count": sum(len(level) for level in levels),
        "org_events": _journal_org_creation(levels),
    }


def _org_levels(enterprises: int, rng: random.Random) -> tuple[list[list], list[tuple]]:
    """The unsaved orgs of the six levels (province … teams), each as (org, parent), and a row
    (enterprise, city prefix, district index, teams) per enterprise; `rng` is drawn from only for
    the enterprises, in tree order (city, district, street, enterprise)."""
    from lianxin.orgs import tree as paths
    from lianxin.orgs.models import Org, OrgKind

    per_street = enterprises // (len(CITIES) * 5 * len(STREETS))
    province = Org(code=PROVINCE[0], name=PROVINCE[1], kind=OrgKind.FEDERATION,
                   region=PROVINCE[2], case_prefix="YN", path=paths.child_path("", 1))  # fmt: skip
    levels: list[list[tuple[Org, Org | None]]] = [[(province, None)], [], [], [], [], []]
    enterprise_rows = []  # (enterprise, city prefix, district index, teams)
    for c, (prefix, city_name, districts) in enumerate(CITIES, start=1):
        city = Org(code=f"YN-{prefix}", name=f"{city_name}总工会", kind=OrgKind.FEDERATION,
                   region=f"云南省{city_name}", case_prefix=prefix,
                   path=paths.child_path(province.path, c))  # fmt: skip
        levels[1].append((city, province))
        for d, district_name in enumerate(districts, start=1):
            district = Org(code=f"{city.code}-{d:02d}", name=f"{district_name}总工会",
                           kind=OrgKind.FEDERATION, region=city.region + district_name,
                           path=paths.child_path(city.path, d))  # fmt: skip
            levels[2].append((district, city))
            for s, street_name in enumerate(STREETS, start=1):
                street = Org(code=f"{district.code}-{s}", name=f"{district_name}{street_name}总工会",
                             kind=OrgKind.UNION, region=district.region,
                             path=paths.child_path(district.path, s))  # fmt: skip
                levels[3].append((street, district))
                for e in range(1, per_street + 1):
                    enterprise, teams = _enterprise(street, e, city_name, levels, rng)
                    enterprise_rows.append((enterprise, prefix, len(levels[2]) - 1, teams))
    return levels, enterprise_rows


def _enterprise(street, e: int, city_name: str, levels: list[list], rng: random.Random) -> tuple:
    """The street's e-th enterprise and its 2-3 work teams, added to levels 4 and 5; draws its
    brand, industry, workforce, team count and teams from `rng`, in that order."""
    from lianxin.orgs import tree as paths
    from lianxin.orgs.models import Org, OrgKind

    short = rng.choice(BRANDS) + rng.choice(INDUSTRIES)
    workforce = int(rng.lognormvariate(5, 1)) + 20
    enterprise = Org(
        code=f"{street.code}-{e:03d}", name=f"{city_name[:2]}{short}有限公司工会",
        short_name=short, kind=OrgKind.ENTERPRISE, region=street.region,
        workforce=workforce, path=paths.child_path(street.path, e),
    )  # fmt: skip
    levels[4].append((enterprise, street))
    teams = []
    for t, team_name in enumerate(rng.sample(TEAMS, rng.choice((2, 2, 3))), 1):
        team = Org(code=f"{enterprise.code}-T{t}", name=f"{short}{team_name}",
                   kind=OrgKind.TEAM, region=street.region,
                   path=paths.child_path(enterprise.path, t))  # fmt: skip
        levels[5].append((team, enterprise))
        teams.append(team)
    return enterprise, teams


def _journal_org_creation(levels: list[list]) -> int:
    """Each saved org's creation as its journal's first event (as create_org writes it), dated a
    month before the cases begin; returns how many were written."""
    events = _Writer(_event_model(), _EVENT_COLUMNS)
    at, to_db = NOW - timedelta(days=YEARS * 365 + 30), _db_time(_vendor())
    for level in levels:
        for org, parent in level:
            _add_event(events.rows, ORG_TARGET, org.pk, 1, None, "", at, "org_created", "", "internal",
                       "", "", {"parent": parent and parent.code}, "", to_db)  # fmt: skip
    events.flush()
    return events.total


def _build_users(tree: dict) -> dict:
    """A staff member per district and city, a leader per city, an administrator for the province."""
    from django.contrib.auth.models import User

    from lianxin.orgs.models import RoleName
    from lianxin.orgs.services import grant_role

    wanted = [("admin-YN", "省总管理员", tree["province"], RoleName.ADMIN)]
    for city in tree["cities"]:
        wanted.append((f"leader-{city.code}", f"{city.name[:-3]}领导", city, RoleName.LEADER))
        wanted.append((f"staff-{city.code}", f"{city.name[:-3]}干事", city, RoleName.STAFF))
    for i, district in enumerate(tree["districts"]):
        name = SURNAMES[i % len(SURNAMES)] + "干事"
        wanted.append((f"staff-{district.code}", name, district, RoleName.STAFF))
    users = {}
    for username, full_name, org, role in wanted:
        user = User.objects.create(username=username, first_name=full_name, password="!")
        grant_role(actor=None, user=user, org=org, role=role)
        users[username] = user
    return users
