"""A seeded, realistic data set at federation scale, loaded fast, for the benchmarks.

    python bench/generate.py            # full: 10,000 enterprises, 1,000,000 cases (three years)
    python bench/generate.py --small    # 1,000 enterprises, 20,000 cases
    python bench/generate.py --drop     # remove the data set's database
    DATABASE_URL=postgres://… python bench/generate.py   # or: scripts/with_postgres.sh …

The org tree is a province (云南省总工会) → 10 cities → 5 districts each → 4 streets each →
enterprises (10,000 in all, each with 2-3 work teams). Cases are spread over the three years before
1 December 2026, growing year on year, fewer at weekends, each moved through the real transition
table to a state that fits its age (old cases mostly closed after 回访 feedback, recent ones open,
some overdue), with numbers drawn per city prefix and year, deadlines from the real deadline rules,
the worker's feedback, and each case's journal as the services would have written it: a valid hash
chain (`verify_journal` passes over all of it).

Rows are written by the database's bulk path — executemany on SQLite, COPY on PostgreSQL — not one
save() per row; the hashes are computed with lianxin.audit.chain, the deadlines with
lianxin.cases.deadlines, and the texts come from bench/import_bench.py.

The data set lives in a test database (Django's test-database machinery, never your data): a SQLite
file in the temp folder, or test_lianxin_bench_<size> beside the configured PostgreSQL database.
It is kept between the benchmarks of one run (each bench script calls `open_dataset`, which builds
it only if it is missing) and `python -m bench` drops it at the end.
"""

import argparse
import hashlib
import json
import math
import multiprocessing
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings")

from bench.import_bench import CONCERNS, SURNAMES, TEAMS, worker  # noqa: E402
from lianxin.audit.chain import canonical_data, payload_text  # noqa: E402

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
# Two concerns bench/import_bench.py has no text for.
EXTRA_CONCERNS = [
    ("民主管理与厂务公开", "厂务公开不及时", "{team}职工反映今年的绩效考核办法没有在职代会上讨论就执行了。"),
    ("交通事故与理赔", "送餐途中发生碰撞", "骑手在送餐途中与电动车相撞，膝盖擦伤，希望工会协助理赔。"),
]  # fmt: skip
PROGRESS_NOTES = [
    "已电话联系企业工会主席，约定{n}日内答复。",
    "已到{team}现场核实情况，和车间负责人沟通。",
    "企业人事部门表示正在研究整改方案。",
    "已协调企业与职工代表座谈，双方意见基本一致。",
]
RESULTS = [
    "经协调，企业已补发相关款项，职工表示认可。",
    "企业已完成整改，并在厂务公开栏公示。",
    "已与企业协商解决，职工表示认可。",
    "企业已安排{team}轮休，后续由工会跟踪落实。",
    "已督促企业按规定办理，并告知职工后续维权途径。",
]
REJECT_REASONS = [
    "不属于工会受理范围，已告知职工向相关部门反映。",
    "职工反映的问题已由劳动监察部门立案处理。",
]
FEEDBACK_COMMENTS = {
    "satisfied": ["问题解决了，谢谢工会。", "处理很及时，满意。", ""],
    "mostly": ["基本解决，希望后续跟进。", "处理结果可以接受。", ""],
    "dissatisfied": ["问题没有真正解决，希望再跟进。", "企业只是口头答应，还没落实。"],
}
CHANNELS = (
    ["visit"] * 50
    + ["hotline"] * 18
    + ["online"] * 12
    + ["snapshot"] * 8
    + ["station"] * 6
    + ["meeting"] * 3
    + ["letter"] * 3
)
URGENCIES = ["ordinary"] * 90 + ["complex"] * 6 + ["urgent"] * 4

CASE_TARGET = "cases.case"
ORG_TARGET = "orgs.org"


# ---- the database the benchmarks run on ---------------------------------------------------------


def parse_size(argv: list[str] | None = None) -> str:
    return "small" if "--small" in (sys.argv[1:] if argv is None else argv) else "full"


def _setup_django() -> None:
    import django
    from django.conf import settings

    if not settings.configured or not getattr(_setup_django, "done", False):
        scratch = Path(tempfile.gettempdir()) / "lianxin-bench"
        scratch.mkdir(exist_ok=True)
        os.environ.setdefault("LIANXIN_VAR_DIR", str(scratch / "var"))
        django.setup()
        import logging

        logging.getLogger("lianxin").setLevel(logging.WARNING)
        _setup_django.done = True  # type: ignore[attr-defined]


def _point_at_test_db(size: str) -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        path = Path(tempfile.gettempdir()) / "lianxin-bench" / f"dataset-{size}.sqlite3"
        connection.settings_dict["TEST"]["NAME"] = str(path)
    else:
        connection.settings_dict["TEST"]["NAME"] = f"test_lianxin_bench_{size}"
    # The tables straight from the models (as pytest --nomigrations does): seconds instead of
    # replaying every migration; the one data migration (the categories) is seeded in generate().
    connection.settings_dict["TEST"]["MIGRATE"] = False


def open_dataset(size: str = "full", *, seed: int = SEED, build: bool = True) -> dict:
    """Point Django at the data set's database, building the data set first if it is missing.

    Returns what was generated (counts, load time) as recorded when it was built.
    """
    _setup_django()
    from django.db import connection

    _point_at_test_db(size)
    info = _existing(size, seed)
    if info is not None:
        return info  # built by an earlier bench of this run: no migrate, no check
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
    info = _marker()
    if info and info.get("size") == size and info.get("seed") == seed and info.get("complete"):
        return info
    if not build:
        raise SystemExit("no data set: run bench/generate.py first")
    if info is not None or _has_cases():
        # A different or half-built data set: start from an empty database.
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        _point_at_test_db(size)
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
    return generate(size, seed)


def _existing(size: str, seed: int) -> dict | None:
    """Use the data set's database directly if it holds a complete data set of this size and seed."""
    from django.conf import settings
    from django.db import DatabaseError, connection

    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite" and not Path(name).exists():
        return None
    original = connection.settings_dict["NAME"]
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = name
    try:
        info = _marker()
    except DatabaseError:
        info = None
    if info and info.get("size") == size and info.get("seed") == seed and info.get("complete"):
        return info
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = original
    return None


def drop_dataset(size: str) -> None:
    _setup_django()
    from django.db import connection

    _point_at_test_db(size)
    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
    connection.creation.destroy_test_db(name, verbosity=0)


def _has_cases() -> bool:
    from lianxin.cases.models import Case

    return Case.objects.exists()


def _marker() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        if "bench_dataset" not in connection.introspection.table_names(cursor):
            return None
        cursor.execute("SELECT info FROM bench_dataset")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _write_marker(info: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_dataset (info TEXT NOT NULL)")
        cursor.execute("DELETE FROM bench_dataset")
        cursor.execute("INSERT INTO bench_dataset (info) VALUES (%s)", [json.dumps(info)])


def database_env() -> dict[str, str]:
    """Environment for a subprocess (gunicorn) to use the same database as this process."""
    from django.db import connection

    env = dict(os.environ)
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        env["LIANXIN_SQLITE"] = str(s["NAME"])
        env.pop("DATABASE_URL", None)
    else:
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return env


def database_info() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
        )
        version = str(cursor.fetchone()[0])
    return {"vendor": connection.vendor, "version": version}


def machine() -> dict:
    return {
        "node": platform.node(),
        "system": f"{platform.system()} {platform.release()}",
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def write_result(name: str, result: dict) -> Path:
    """bench/results/<name>_<database>[_small].json, with the machine and the date added."""
    from django.db import connection

    result = {"name": name, **result, "machine": machine(), "date": date.today().isoformat()}
    suffix = "_small" if result.get("size") == "small" else ""
    out = ROOT / "bench" / "results" / f"{name}_{connection.vendor}{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
    return out


# ---- users the benchmarks act as ----------------------------------------------------------------


def district_staff():
    """The staff member of the first district (五华区): the ledger's district scope."""
    from django.contrib.auth.models import User

    return User.objects.get(username="staff-YN-KM-01")


def city_leader():
    """The leader of the first city (昆明市): the cockpit's city scope."""
    from django.contrib.auth.models import User

    return User.objects.get(username="leader-YN-KM")


# ---- generation ---------------------------------------------------------------------------------


class _Ev:
    """What lianxin.audit.chain.hashed_fields reads, without building a model instance."""

    __slots__ = (
        "actor_id",
        "actor_label",
        "at",
        "data",
        "kind",
        "note",
        "seq",
        "state_after",
        "state_before",
        "target_id",
        "target_type",
        "visibility",
    )  # fmt: skip


class _Writer:
    """Rows gathered for one table, written by `lianxin.core.bulk.insert_rows` (COPY on
    PostgreSQL, one prepared INSERT on SQLite) at each flush."""

    def __init__(self, model, columns: list[str]):
        self.table = model._meta.db_table
        self.columns = columns
        self.rows: list = []
        self.total = 0

    def flush(self) -> None:
        from lianxin.core.bulk import insert_rows

        if not self.rows:
            return
        insert_rows(self.table, self.columns, self.rows)
        self.total += len(self.rows)
        self.rows = []


def _db_time(vendor: str):
    """How a UTC datetime is handed to the database's bulk path."""
    if vendor == "sqlite":
        # What Django's SQLite backend stores for an aware datetime: naive UTC text.
        return lambda dt: (
            None if dt is None else dt.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        )
    return lambda dt: dt


def generate(size: str, seed: int = SEED) -> dict:
    from django.db import connection, transaction

    spec = SIZES[size]
    rng = random.Random(seed)
    started = time.perf_counter()
    print(
        f"generating the {size} data set on {connection.vendor}: "
        f"{spec['enterprises']:,} enterprises, {spec['cases']:,} cases…",
        flush=True,
    )
    with transaction.atomic():
        from lianxin.cases.models import Category
        from lianxin.cases.taxonomy import seed_categories

        seed_categories(Category)  # what migration cases/0002 does
        tree = _build_orgs(spec["enterprises"], rng)
        users = _build_users(tree)
    orgs_s = time.perf_counter() - started
    print(f"  {tree['count']:,} orgs and {len(users)} users in {orgs_s:.1f} s", flush=True)
    _bulk_session(connection)
    # Filling B-trees row by row in random key order is what a bulk load spends its time on:
    # the secondary indexes are dropped for the load and built again, sorted, at the end.
    dropped = _drop_indexes(["cases_case", "audit_event", "cases_feedback"])
    counts = _build_cases(spec["cases"], tree, users, rng)
    index_started = time.perf_counter()
    _create_indexes(dropped)
    print(f"  {len(dropped)} indexes rebuilt in {time.perf_counter() - index_started:.1f} s")
    _journal_heads()
    cases_s = time.perf_counter() - started - orgs_s
    _sync_sequences("cases_case")  # written with its ids; the journal and feedback were not
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=NORMAL")
        # PostgreSQL's autovacuum would do this on its own; SQLite keeps statistics only when asked.
        # VACUUM sets PostgreSQL's visibility map, without which the ledger's covering indexes
        # could not be read alone (an index-only scan checks it), as they are in a live system.
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE) cases_case")
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    info = {
        "size": size,
        "seed": seed,
        "complete": True,
        "orgs": tree["count"],
        "enterprises": len(tree["enterprises"]),
        "users": len(users),
        **counts,
        "orgs_seconds": round(orgs_s, 1),
        "cases_seconds": round(cases_s, 1),
        "seconds": round(seconds, 1),
        "database": database_info(),
    }
    _write_marker(info)
    print(
        f"  {counts['cases']:,} cases, {counts['events']:,} journal events, "
        f"{counts['feedback']:,} feedback in {cases_s:.1f} s (total {seconds:.1f} s)",
        flush=True,
    )
    return info


def _build_orgs(enterprises: int, rng: random.Random) -> dict:
    """The tree, level by level with bulk inserts; every org's creation journalled as create_org does."""
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
                    short = rng.choice(BRANDS) + rng.choice(INDUSTRIES)
                    workforce = int(rng.lognormvariate(5, 1)) + 20
                    enterprise = Org(
                        code=f"{street.code}-{e:03d}", name=f"{city_name[:2]}{short}有限公司工会",
                        short_name=short, kind=OrgKind.ENTERPRISE, region=district.region,
                        workforce=workforce, path=paths.child_path(street.path, e),
                    )  # fmt: skip
                    levels[4].append((enterprise, street))
                    teams = []
                    for t, team_name in enumerate(rng.sample(TEAMS, rng.choice((2, 2, 3))), 1):
                        team = Org(code=f"{enterprise.code}-T{t}", name=f"{short}{team_name}",
                                   kind=OrgKind.TEAM, region=district.region,
                                   path=paths.child_path(enterprise.path, t))  # fmt: skip
                        levels[5].append((team, enterprise))
                        teams.append(team)
                    enterprise_rows.append((enterprise, prefix, len(levels[2]) - 1, teams))
    for level in levels:
        for org, parent in level:
            org.parent_id = parent.pk if parent else None
        Org.objects.bulk_create([org for org, _parent in level], batch_size=5000)
    events = _Writer(_event_model(), _EVENT_COLUMNS)
    at, to_db = NOW - timedelta(days=YEARS * 365 + 30), _db_time(_vendor())
    for level in levels:
        for org, parent in level:
            _add_event(events.rows, ORG_TARGET, org.pk, 1, None, "", at, "org_created", "", "internal",
                       "", "", {"parent": parent and parent.code}, "", to_db)  # fmt: skip
    events.flush()
    return {
        "province": province,
        "cities": [org for org, _ in levels[1]],
        "districts": [org for org, _ in levels[2]],
        "enterprises": enterprise_rows,
        "count": sum(len(level) for level in levels),
        "org_events": events.total,
    }


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


def _drop_indexes(tables: list[str]) -> list[str]:
    """Drop the indexes of `tables` that are not primary keys or constraints; return their SQL."""
    from django.db import connection

    names = ", ".join(f"'{t}'" for t in tables)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                f"AND tbl_name IN ({names}) AND sql IS NOT NULL"
            )
        else:
            cursor.execute(
                f"SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ({names}) "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
        found = cursor.fetchall()
        for name, _sql in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _create_indexes(statements: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '512MB'")
        for sql in statements:
            cursor.execute(sql)


def _sync_sequences(*tables: str) -> None:
    """After rows written with explicit ids, PostgreSQL's id sequences must move past them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


def _journal_heads() -> None:
    """Each chain's stored end (audit.JournalHead), as migration audit/0002 gives a journal written
    before heads existed: most of the journal went in as plain rows, past record_event, so the
    heads are all taken again from the chains' last events."""
    import importlib

    from django.db import connection

    backfill = importlib.import_module("lianxin.audit.migrations.0002_journal_head").BACKFILL
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_journalhead")
        cursor.execute(backfill)


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _event_model():
    from lianxin.audit.models import Event

    return Event


_EVENT_COLUMNS = [  # the id the database's own
    "target_type", "target_id", "seq", "actor_id", "actor_label", "at", "kind", "note",
    "visibility", "state_before", "state_after", "data", "prev_hash", "hash",
]  # fmt: skip

_checked = [0]


def _add_event(rows, target_type, target_id, seq, actor_id, actor_label, at, kind, note,
               visibility, before, after, data, prev, to_db):  # fmt: skip
    """One journal row, its hash the one record_event computes; `at` is an aware UTC datetime."""
    data_text = canonical_data(data)
    payload = payload_text(
        target_type, target_id, seq, actor_id, actor_label,
        at.isoformat(timespec="microseconds"), kind, note, visibility, before, after, data_text,
    )  # fmt: skip
    digest = hashlib.sha256(f"{prev}\n{payload}".encode()).hexdigest()
    if _checked[0] < 2000:  # the shortcut must hash exactly what lianxin.audit.chain hashes
        from lianxin.audit.chain import event_hash, hashed_fields

        _checked[0] += 1
        ev = _Ev()
        ev.target_type, ev.target_id, ev.seq, ev.actor_id = target_type, target_id, seq, actor_id
        ev.actor_label, ev.kind, ev.note, ev.visibility = actor_label, kind, note, visibility
        ev.state_before, ev.state_after, ev.data, ev.at = before, after, data, at
        if event_hash(hashed_fields(ev), prev) != digest:
            raise AssertionError(f"canonical payload differs from lianxin.audit.chain: {payload}")
    rows.append((target_type, target_id, seq, actor_id, actor_label, to_db(at), kind, note,
                 visibility, before, after, data_text, prev, digest))  # fmt: skip
    return digest


def _day_counts(n: int, rng: random.Random) -> list[tuple[date, int]]:
    """How many cases each day gets: growing ~30 % a year, fewer at weekends, a little noise."""
    first = (NOW - timedelta(days=YEARS * 365)).date()
    days = [first + timedelta(days=i) for i in range(YEARS * 365)]
    weights = [
        (1 + 0.3 * i / 365) * (0.35 if d.weekday() >= 5 else 1.0) * rng.uniform(0.8, 1.2)
        for i, d in enumerate(days)
    ]
    scale = n / sum(weights)
    out, carry = [], 0.0
    for d, w in zip(days, weights, strict=True):
        exact = w * scale + carry
        k = int(exact)
        carry = exact - k
        out.append((d, k))
    out[-1] = (out[-1][0], out[-1][1] + n - sum(k for _d, k in out))
    return out


def _status_for(age_days: float, rng: random.Random) -> str:
    r = rng.random()
    if age_days > 60:
        table = [("closed", 0.82), ("rejected", 0.05), ("resolved", 0.05), ("in_progress", 0.05),
                 ("accepted", 0.02), ("registered", 0.01)]  # fmt: skip
    elif age_days > 14:
        table = [("closed", 0.50), ("resolved", 0.15), ("in_progress", 0.20), ("accepted", 0.07),
                 ("rejected", 0.04), ("registered", 0.04)]  # fmt: skip
    else:
        table = [("registered", 0.30), ("accepted", 0.25), ("in_progress", 0.30),
                 ("resolved", 0.10), ("rejected", 0.05)]  # fmt: skip
    for status, p in table:
        r -= p
        if r < 0:
            return status
    return table[-1][0]


def _build_cases(n: int, tree: dict, users: dict, rng: random.Random) -> dict:
    """The cases with their journals and feedback, made by worker processes (one per core) in
    chunks of consecutive days, each chunk from its own seeded stream, and written here in order."""
    from django.db import connection, connections, transaction

    from lianxin.cases.models import Case, CaseCounter, Category, Feedback

    _memoize_working_days()  # before the fork: the workers inherit the cache
    categories = {c.name: c for c in Category.objects.all()}
    staff = [users[f"staff-{d.code}"] for d in tree["districts"]]
    cum, total = [], 0.0  # big enterprises raise more cases: weight by workforce
    for enterprise, _prefix, _district, _teams in tree["enterprises"]:
        total += enterprise.workforce
        cum.append(total)
    case_fields = [f.attname for f in Case._meta.concrete_fields]
    _CONTEXT.update(
        seed=rng.random(), to_db=_db_time(connection.vendor), cum=cum, fields=case_fields,
        concerns=[(categories[c], t, x) for c, t, x in CONCERNS + EXTRA_CONCERNS],
        staff=[(u.pk, u.get_full_name() or u.username) for u in staff],
        enterprises=tree["enterprises"],
        defaults={f.attname: f.get_default() for f in Case._meta.concrete_fields},
    )  # fmt: skip
    cases = _Writer(Case, case_fields)
    events = _Writer(_event_model(), _EVENT_COLUMNS)
    feedback = _Writer(Feedback, ["case_id", "rating", "comment", "at", "recorded_by_id"])
    counters: dict[tuple[str, int], int] = {}
    number_at = case_fields.index("number")
    started = time.perf_counter()
    connections.close_all()  # a forked worker must not share the parent's connection
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        _bulk_session(connection)
        for rows, keys, journal, ratings in pool.imap(_chunk_of_cases, _chunks(n, rng)):
            for row, (prefix, year) in zip(rows, keys, strict=True):
                seq = counters[prefix, year] = counters.get((prefix, year), 0) + 1
                row[number_at] = f"{prefix}-{year}-{seq:06d}"
            cases.rows, events.rows, feedback.rows = rows, journal, ratings
            with transaction.atomic():
                cases.flush()
                events.flush()
                feedback.flush()
            rate = cases.total / (time.perf_counter() - started)
            print(f"  {cases.total:,} cases ({rate:,.0f}/s)", flush=True)
    with transaction.atomic():
        CaseCounter.objects.bulk_create(
            [CaseCounter(prefix=p, year=y, last=last) for (p, y), last in counters.items()]
        )
    return {
        "cases": cases.total,
        "events": events.total + tree["org_events"],
        "case_events": events.total,
        "feedback": feedback.total,
    }


_CONTEXT: dict = {}  # what the workers need, set before they are forked
_CHUNK = 20_000


def _chunks(n: int, rng: random.Random) -> list[tuple[int, list[tuple[date, int]], int]]:
    """(chunk number, its consecutive days with their case counts, its first case id)."""
    out, days, first, size = [], [], 1, 0
    for day, count in _day_counts(n, rng):
        days.append((day, count))
        size += count
        if size >= _CHUNK:
            out.append((len(out), days, first))
            days, first, size = [], first + size, 0
    if days:
        out.append((len(out), days, first))
    return out


def _chunk_of_cases(task) -> tuple[list[list], list[tuple[str, int]], list[tuple], list[tuple]]:
    """In a worker: one chunk's case rows (their numbers left for the parent, which counts them in
    order), the (prefix, year) each is numbered in, the journal rows and the feedback rows."""
    from lianxin.cases.deadlines import BEIJING, case_deadlines

    index, days, case_id = task
    c = _CONTEXT
    rng, to_db, enterprises = random.Random(f"{c['seed']}:{index}"), c["to_db"], c["enterprises"]
    rows, keys, journal_rows, feedback_rows = [], [], [], []
    now_s = NOW.timestamp()
    for day, count in days:
        # Office hours, Beijing time (UTC+8): 08:00–21:00.
        base = datetime(day.year, day.month, day.day, 0, 0, tzinfo=UTC).timestamp()
        seconds = sorted(rng.randrange(0, 13 * 3600) for _ in range(count))
        picks = rng.choices(range(len(enterprises)), cum_weights=c["cum"], k=count)
        for sec, pick in zip(seconds, picks, strict=True):
            enterprise, prefix, district, teams = enterprises[pick]
            origin = rng.choice(teams) if rng.random() < 0.3 else enterprise
            registered = datetime.fromtimestamp(base + sec, UTC)  # 08:00 Beijing is 00:00 UTC
            keys.append((prefix, registered.astimezone(BEIJING).year))
            category, title, text = rng.choice(c["concerns"])
            team_name, k = rng.choice(TEAMS), rng.randrange(2, 9)
            description = text.format(team=team_name, months=k, n=k)
            if rng.random() < 0.4:
                description = f"{rng.choice(SURNAMES)}师傅反映：{description}"
            channel, urgency = rng.choice(CHANNELS), rng.choice(URGENCIES)
            anonymous = rng.random() < 0.15
            name, phone = ("", "") if anonymous else worker(rng)
            response_due, resolution_due = case_deadlines(
                registered_at=registered, category=category, urgency=urgency
            )
            actor_id, label = c["staff"][district]
            status = _status_for((now_s - registered.timestamp()) / 86400, rng)
            row = dict(c["defaults"])
            row.update(
                id=case_id, number="", title=title,
                description=description, category_id=category.pk, channel=channel,
                urgency=urgency, origin_org_id=origin.pk, owner_org_id=enterprise.pk,
                registered_by_id=actor_id, is_anonymous=anonymous, worker_name=name,
                worker_phone=phone, registered_at=to_db(registered),
                response_due=to_db(response_due), resolution_due=to_db(resolution_due),
                latitude=None, longitude=None, amount_claimed=None, amount_paid=None,
                handler_id=None, worker_user_id=None, responded_at=None, resolved_at=None,
                closed_at=None, last_supervised_at=None,
            )  # fmt: skip
            journal = _journal(row, status, registered, category.key, team_name, k, rng, to_db)
            prev = ""
            for seq_no, (kind, at, note, vis, before, after, data) in enumerate(journal, 1):
                prev = _add_event(journal_rows, CASE_TARGET, case_id, seq_no, actor_id, label,
                                  at, kind, note, vis, before, after, data, prev, to_db)  # fmt: skip
                if kind == "feedback":
                    feedback_rows.append((case_id, data["rating"], note, to_db(at), actor_id))
            if row["handler_id"] is True:
                row["handler_id"] = actor_id
            rows.append([row[f] for f in c["fields"]])
            case_id += 1
    return rows, keys, journal_rows, feedback_rows


def _bulk_session(connection) -> None:
    """A bulk load on SQLite: no fsync, and a page cache big enough for the indexes being filled."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")


def _memoize_working_days() -> None:
    """lianxin.cases.deadlines.add_working_days depends only on the Beijing day and the count:
    computed once per (day, count) by the real function, for this process (the generator)."""
    from functools import lru_cache

    from lianxin.cases import deadlines

    if getattr(deadlines.add_working_days, "_bench_cached", False):
        return
    real = deadlines.add_working_days

    @lru_cache(maxsize=100_000)
    def by_day(day: date, days: int) -> datetime:
        return real(datetime(day.year, day.month, day.day, 12, tzinfo=deadlines.BEIJING), days)

    def cached(start: datetime, days: int) -> datetime:
        return by_day(start.astimezone(deadlines.BEIJING).date(), days)

    cached._bench_cached = True  # type: ignore[attr-defined]
    deadlines.add_working_days = cached  # type: ignore[assignment]


def _journal(row, status, registered, category_key, team, k, rng, to_db) -> list[tuple]:
    """The case's moves to `status`, applying each move's fields to the row as its service would.

    Each entry: (kind, at (aware), note, visibility, before, after, data).
    """
    out = [("registered", registered, "", "public", "", "registered",
            {"channel": row["channel"], "category": category_key, "urgency": row["urgency"]})]  # fmt: skip
    row["status"] = "registered"
    if status == "registered":
        return out
    responded = registered + timedelta(hours=rng.uniform(0.5, 20))
    if status == "rejected":
        reason = rng.choice(REJECT_REASONS)
        row.update(responded_at=to_db(responded), result=reason, status="rejected")
        out.append(("rejected", responded, reason, "public", "registered", "rejected", {}))
        return out
    row.update(responded_at=to_db(responded), handler_id=True, status="accepted")
    out.append(("accepted", responded, "", "public", "registered", "accepted", {}))
    if status == "accepted":
        return out
    at = responded + timedelta(hours=rng.uniform(0.5, 24))
    out.append(("started", at, "", "internal", "accepted", "in_progress", {}))
    row["status"] = "in_progress"
    if rng.random() < 0.4:
        at += timedelta(hours=rng.uniform(2, 72))
        note = rng.choice(PROGRESS_NOTES).format(team=team, n=k)
        out.append(("progress", at, note, "internal", "in_progress", "in_progress", {}))
    if status == "in_progress":
        return out
    rounds = 2 if rng.random() < 0.05 else 1  # a dissatisfied worker reopens it once
    for r in range(rounds):
        at = max(at, registered + timedelta(days=rng.uniform(1, 12)))
        if r:
            at += timedelta(days=rng.uniform(1, 6))
        if at >= NOW - timedelta(hours=1):
            return out  # not resolved yet after all
        result = rng.choice(RESULTS).format(team=team)
        row.update(result=result, resolved_at=to_db(at), status="resolved")
        out.append(("resolved", at, result, "public", "in_progress", "resolved", {}))
        if status == "resolved" and r == rounds - 1:
            return out
        at += timedelta(days=rng.uniform(1, 5))
        if at >= NOW:
            return out
        last = r == rounds - 1
        if last and rng.random() < 0.15:
            note = "多次回访未联系上职工，按规定销账。"
            row.update(closed_at=to_db(at), status="closed")
            out.append(("closed", at, note, "public", "resolved", "closed", {}))
            return out
        rating = ("satisfied" if rng.random() < 0.78 else "mostly") if last else "dissatisfied"
        comment = rng.choice(FEEDBACK_COMMENTS[rating])
        row["satisfaction"] = rating
        if last:
            row.update(closed_at=to_db(at), status="closed")
            out.append(("feedback", at, comment, "public", "resolved", "closed",
                        {"rating": rating}))  # fmt: skip
        else:
            row.update(resolved_at=None, closed_at=None, status="in_progress")
            out.append(("feedback", at, comment, "public", "resolved", "in_progress",
                        {"rating": rating}))  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="1,000 enterprises, 20,000 cases")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--drop", action="store_true", help="remove the data set's database")
    parser.add_argument("--fresh", action="store_true", help="rebuild even if it exists")
    args, _unknown = parser.parse_known_args()  # `python -m bench` passes its own arguments on
    size = "small" if args.small else "full"
    if args.drop or args.fresh:
        drop_dataset(size)
        if args.drop:
            print(f"dropped the {size} data set")
            return
    info = open_dataset(size, seed=args.seed)
    out = write_result("generate", {k: v for k, v in info.items() if k != "complete"})
    print(f"data set ready ({info['cases']:,} cases, {info['events']:,} events) → "
          f"{out.relative_to(ROOT)}")  # fmt: skip


if __name__ == "__main__":
    main()
