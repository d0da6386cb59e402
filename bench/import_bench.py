"""Import benchmark: generate a realistic ledger of N rows for the demo orgs, import it through the
same service the upload page uses, and report rows per second.

    python bench/import_bench.py [--rows 100000] [--seed 7]
    DATABASE_URL=postgres://… python bench/import_bench.py      # or: scripts/with_postgres.sh …

It runs on a throwaway database (Django's test-database machinery: a SQLite file in a temporary
folder, or test_<name> on PostgreSQL), never on your data, and writes
bench/results/import_<database>_100k.json (import_<database>_small.json at 1,000 rows, what
`python -m bench --small` runs; import_<database>_<N>.json for other sizes) with the machine, the
database, the counts and the timings — wall clock and this process's CPU time, since the machine
may be shared — including the data-quality report over the imported ledger.

About 1 % of the rows are bad (a phone number with a digit missing) and 0.5 % repeat an earlier
row, so the error workbook and the duplicate checks are part of what is measured.
"""

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国红梅志刚玉兰海燕小龙春生"
CONCERNS = [
    ("劳动报酬与欠薪", "加班费未按时发放", "{team}{months}个月的加班费一直没有发，班长说等年底一起算。"),
    ("劳动合同", "续签合同迟迟未办", "{team}有{n}名职工合同到期{n}周了，人事部门还没有安排续签。"),
    ("社会保险", "社保缴费基数偏低", "{team}职工反映单位按最低基数缴社保，和实际工资差距大。"),
    ("工伤与职业健康", "车间噪声影响听力", "{team}老旧设备噪声大，长期使用影响听力，希望检测并降噪。"),
    ("安全生产", "消防通道被货物占用", "{team}旁边的消防通道堆了{n}托货物，已经{n}天没有清理。"),
    ("工作时间与休息休假", "连续上班没有轮休", "{team}已经连续上班{n}天没有轮休，职工很疲惫。"),
    ("劳动条件与设施", "休息室空调坏了", "{team}休息室空调坏了{n}天，夏天中午没法休息。"),
    ("食堂宿舍与生活", "食堂饭菜偏咸", "食堂最近{n}周饭菜偏咸、油重，{team}职工希望改善。"),
    ("女职工权益", "哺乳室设施不全", "{team}女职工反映哺乳室缺少冰箱和洗手池。"),
    ("福利与文体", "节日福利发放不均", "{team}职工反映今年节日福利和其他班组标准不一样。"),
    ("技能与发展", "希望开展技能培训", "{team}青年职工希望单位组织{n}期技能提升培训。"),
    ("新就业形态与平台规则", "配送超时罚款过重", "骑手反映平台超时{n}分钟就罚款，遇到恶劣天气也不减免。"),
    ("其他", "厂区路灯不亮", "厂区{n}号门到宿舍的路灯坏了，{team}职工夜班下班不安全。"),
]  # fmt: skip
CHANNELS = ["陪伴日"] * 6 + ["12351热线", "意见箱", "随手拍", "来信来访", ""]
STATUSES = [
    ("已办结", 40),
    ("已销账", 10),
    ("办理中", 15),
    ("已受理", 10),
    ("待受理", 20),
    ("不予受理", 5),
]
TEAMS = ["包装班组", "生产一班", "生产二班", "仓储物流班", "设备维修班", "装配车间", "质检组"]


def worker(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
    return name, f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def id_number(rng: random.Random) -> str:
    from lianxin.core.idcard import check_digit

    born = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    first = f"410802{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first + check_digit(first)


def ledger_rows(n: int, orgs: list[tuple[str, str]], rng: random.Random) -> list[list]:
    """N rows in the template's column order; dates over 2025; ~1 % bad phones, ~0.5 % repeats."""
    statuses = [s for s, weight in STATUSES for _ in range(weight)]
    rows: list[list] = []
    for i in range(n):
        if rows and rng.random() < 0.005:
            rows.append(list(rng.choice(rows)))
            continue
        code, name = rng.choice(orgs)
        category, title, text = rng.choice(CONCERNS)
        day = date(2025, 1, 2) + timedelta(days=rng.randrange(360))
        team, k = rng.choice(TEAMS), rng.randrange(2, 9)
        description = text.format(team=team, months=k, n=k) + f"（台账第{i + 1}条）"
        status = rng.choice(statuses)
        anonymous = rng.random() < 0.15
        person, phone = ("", "") if anonymous else worker(rng)
        if phone and rng.random() < 0.01:
            phone = phone[:-1]  # a digit missing: a bad row
        done = status in ("已办结", "已销账", "不予受理")
        result = ("不属于工会受理范围，已告知职工向相关部门反映。" if status == "不予受理"
                  else "已与企业协商解决，职工表示认可。" if done else "")  # fmt: skip
        resolved = (
            str(day + timedelta(days=rng.randrange(1, 12)))
            if status in ("已办结", "已销账")
            else ""
        )
        rows.append([
            rng.choice((code, name)), str(day), rng.choice(CHANNELS), category,
            "紧急" if rng.random() < 0.05 else "一般", title, description, person, phone,
            id_number(rng) if person and rng.random() < 0.3 else "", "是" if anonymous else "否",
            status, result, resolved if resolved <= "2025-12-31" else "",
        ])  # fmt: skip
    return rows


def write_xlsx(path: Path, rows: list[list]) -> None:
    from openpyxl import Workbook

    from lianxin.intake.importing.columns import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("问题台账")
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    book.save(path)


def machine() -> dict:
    return {
        "node": platform.node(),
        "system": f"{platform.system()} {platform.release()}",
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="lianxin-bench-"))
    os.environ.setdefault("LIANXIN_VAR_DIR", str(scratch))  # uploads and error files go here

    import django

    django.setup()
    import logging

    # Every imported case writes “new case” notifications to the outbox; delivering them to the log
    # would print one line each, so the log is quiet here (the outbox rows are still written).
    logging.getLogger("lianxin").setLevel(logging.WARNING)
    from bench.scratch import scratch_database

    with scratch_database(scratch):
        report = run(args.rows, args.seed, scratch)
    report["machine"] = machine()
    size = {100_000: "100k", 1000: "small"}.get(args.rows, str(args.rows))
    out = ROOT / "bench" / "results" / f"import_{report['database']['vendor']}_{size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"{report['rows']} rows in {report['seconds']:.1f} s ({report['cpu_seconds']:.1f} s CPU): "
          f"{report['rows_per_s']:.0f} rows/s on {report['database']['vendor']}, "
          f"{report['journal_breaks']} journal breaks → {out.relative_to(ROOT)}")  # fmt: skip


def run(n: int, seed: int, scratch: Path) -> dict:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from lianxin.audit.selectors import verify_chains
    from lianxin.demo.orgs_loader import load_accounts, load_orgs
    from lianxin.intake.services.imports import create_import, run_import_batch
    from lianxin.orgs.models import Org, OrgKind

    city = load_orgs()
    load_accounts()
    admin = User.objects.get(username="admin")
    orgs = list(
        Org.objects.filter(kind__in=[OrgKind.ENTERPRISE, OrgKind.TEAM]).values_list("code", "name")
    )
    started = time.perf_counter()
    path = scratch / "ledger.xlsx"
    write_xlsx(path, ledger_rows(n, orgs, random.Random(seed)))
    generated = time.perf_counter() - started
    print(
        f"generated {n} rows ({path.stat().st_size / 1e6:.1f} MB) in {generated:.1f} s; importing…"
    )
    started, cpu = time.perf_counter(), time.process_time()
    upload = SimpleUploadedFile("bench-ledger.xlsx", path.read_bytes())
    batch = create_import(actor=admin, org=city, upload=upload)
    batch = run_import_batch(batch_id=batch.pk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "rows": n,
        "seconds": round(seconds, 1),
        "rows_per_s": round(n / seconds, 1),
        "cpu_seconds": round(cpu, 1),  # this process; PostgreSQL's own work is not in it
        "journal_breaks": sum(1 for _break in verify_chains()),
        "status": batch.status,
        "message": batch.message,
        "imported": batch.imported,
        "duplicates": batch.duplicates,
        "failed": batch.failed,
        "file_bytes": path.stat().st_size,
        "generate_seconds": round(generated, 1),
        "quality_report_seconds": quality_seconds(admin),
        "database": {"vendor": connection.vendor, "version": db_version(connection)},
        "date": date.today().isoformat(),
    }


def quality_seconds(user) -> dict:
    """How long the data-quality page's queries take over the imported ledger."""
    from lianxin.intake import quality

    timings = {}
    cases = quality.quality_cases(user=user)
    started = time.perf_counter()
    counts = quality.quality_counts(cases)
    timings["counts"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    list(quality.quality_by_org(cases)[:25])
    timings["by_org_page"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    list(quality.quality_list(cases=cases, kind=quality.DUPLICATES)[:25])
    timings["duplicates_page"] = round(time.perf_counter() - started, 2)
    timings["counted"] = counts
    return timings


def db_version(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
        )
        return str(cursor.fetchone()[0])


if __name__ == "__main__":
    main()
