"""Persons, memberships and workforce for bench/members_bench.py, written into the bench's data set.

Every person is sealed as `members.services.people` seals one: a fresh data key wrapped by the master
key, name, phone and ID number encrypted under it (lianxin.members.crypto, real Fernet tokens), the
keyed hashes of name, phone and ID, and the 17 `IdVariant` hashes. The sealing is the slow part
(~5 Fernet operations a person), so it is done by one worker process per core, in chunks, each chunk
from its own seeded stream; the parent writes the rows with the databases' bulk paths
(`lianxin.core.bulk.insert_rows`: COPY on PostgreSQL, executemany on SQLite) with the secondary
indexes dropped during the load and built again after it.

- ID numbers: valid 18-digit resident numbers (Yunnan region codes, birth dates 1966–2006, the check
  digit of core.idcard), all distinct: person i gets the i-th number of a fixed permutation of the
  number space, so the roster import's fresh numbers (indices past the persons) never collide.
- Each person holds one membership: employees in an enterprise union (drawn by workforce), gig workers
  (12 %) in their street union; 90 % active, 3 % applied, 7 % left; card numbers as the service makes
  them. Memberships are written without their journal events (nothing measured reads them).
- Workforce (as of 1 Jan 2026): each union's members ÷ a rate drawn in 55–95 %, so 入会率 is plausible
  at any number of persons (the workforce follows the generated members, not the org's `workforce`).
"""

import hashlib
import hmac
import multiprocessing
import os
import random
import time
from datetime import UTC, date, datetime, timedelta

from bench.gen_rows import _db_time

MEMBER_SIZES = {"full": 200_000, "small": 20_000}
CHUNK = 5_000
GIG_SHARE = 0.12
GIG_FORMS = ["rider", "rider", "courier", "courier", "ride_hailing", "truck_driver", "other_gig"]
PLATFORMS = {"rider": "美团", "courier": "顺丰", "ride_hailing": "滴滴出行", "truck_driver": "货拉拉",
             "other_gig": "灵活就业"}  # fmt: skip
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国玉兰志红云海波晓燕鹏飞"
FIRST_DAY = date(1966, 1, 1)
DAYS = 14_600  # birth dates 1966 … 2005
REGIONS = [f"53{c:02d}{d:02d}" for c in range(1, 11) for d in range(2, 7)]
SPACE = len(REGIONS) * DAYS * 1000
STEP = 2_654_435_761  # coprime with SPACE: i → i·STEP mod SPACE is a permutation
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
WORKFORCE_ON = date(2026, 1, 1)

PERSON_COLUMNS = [
    "id", "data_key", "name_sealed", "phone_sealed", "id_number_sealed", "notes_sealed",
    "name_hash", "phone_hash", "id_hash", "gender", "birth_year", "employment_form",
    "platform_or_employer", "created_at",
]  # fmt: skip
MEMBERSHIP_COLUMNS = [
    "id", "person_id", "org_id", "state", "channel", "applied_at", "joined_on", "ended_on",
    "card_number", "reason_sealed",
]  # fmt: skip
TABLES = ["members_person", "members_idvariant", "members_membership"]


def id_number(index: int) -> str:
    """The index-th ID number of the data set (distinct for distinct indices below SPACE)."""
    from lianxin.core.idcard import check_digit

    j = (index * STEP) % SPACE
    j, seq = divmod(j, 1000)
    region, day = divmod(j, DAYS)
    born = FIRST_DAY + timedelta(days=day)
    first17 = f"{REGIONS[region]}{born:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def person_details(index: int, rng: random.Random) -> tuple[str, str, str, str]:
    """(name, phone, ID number, gender) of the index-th person; gender follows the 17th digit."""
    from bench.import_bench import SURNAMES

    number = id_number(index)
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))
    phone = "1" + rng.choice("3456789") + f"{rng.randrange(10**9):09d}"
    return name, phone, number, "male" if int(number[16]) % 2 else "female"


class _Hasher:
    """crypto.lookup_hash with the keyed HMAC prepared once (checked against it per chunk)."""

    def __init__(self) -> None:
        from lianxin.members import crypto

        self.base = hmac.new(crypto._lookup_key(), digestmod=hashlib.sha256)

    def __call__(self, kind: str, value: str) -> str:
        if not value:
            return ""
        h = self.base.copy()
        h.update(f"{kind}:{value}".encode())
        return h.hexdigest()

    def variants(self, number: str) -> list[int]:
        """The 17 64-bit variant digests (crypto.id_variants)."""
        first17, out = number[:17], set()
        for i in range(17):
            h = self.base.copy()
            h.update(f"idv:{first17[:i]}*{first17[i + 1 :]}".encode())
            out.add(int.from_bytes(h.digest()[:8], "big", signed=True))
        return sorted(out)


def _chunk(task: tuple) -> tuple[list, list, list]:
    """Persons [start, start+count): their rows, their IdVariant rows and their membership rows."""
    from lianxin.members import crypto

    start, count, seed, unions, vendor = task
    rng, hasher, to_db = random.Random(seed), _Hasher(), _db_time(vendor)
    persons, variants, memberships = [], [], []
    for index in range(start, start + count):
        pk = index + 1
        name, phone, number, gender = person_details(index, rng)
        key, wrapped = crypto.new_data_key()
        gig = rng.random() < GIG_SHARE
        form = (
            rng.choice(GIG_FORMS) if gig else ("dispatched" if rng.random() < 0.05 else "employee")
        )
        digest = hasher("id", number)
        if index == start:  # the shortcut must hash exactly what lianxin.members.crypto hashes
            assert digest == crypto.id_hash(number)
            assert hasher("name", name) == crypto.name_hash(name)
            assert set(hasher.variants(number)) == crypto.id_variants(number)
        persons.append((
            pk, wrapped, crypto.seal(key, name), crypto.seal(key, phone), crypto.seal(key, number),
            "", hasher("name", name), hasher("phone", phone), digest, gender, int(number[6:10]),
            form, PLATFORMS.get(form, ""), to_db(NOW - timedelta(days=rng.randrange(2000))),
        ))  # fmt: skip
        variants.extend((pk, d) for d in hasher.variants(number))
        memberships.append(
            _membership(pk, unions["gig" if gig else "enterprise"], rng, to_db, vendor)
        )
    return persons, variants, memberships


def _membership(
    pk: int, unions: tuple[list[int], list[int]], rng: random.Random, to_db, vendor: str
):
    org_ids, cumulative = unions
    org_id = rng.choices(org_ids, cum_weights=cumulative)[0]
    joined = date(2005, 1, 1) + timedelta(days=rng.randrange(7_970))  # up to Nov 2026
    applied = datetime(joined.year, joined.month, joined.day, 2, tzinfo=UTC) - timedelta(days=3)
    roll = rng.random()
    state = "active" if roll < 0.90 else ("applied" if roll < 0.93 else "left")
    ended = None
    if state == "left":
        ended = joined + timedelta(days=rng.randrange(30, 2_000))
        ended = min(ended, date(2026, 11, 30))
    if state == "applied":
        joined, applied = None, NOW - timedelta(days=rng.randrange(1, 40))
    card = f"LX{joined.year}{pk:010d}" if joined else None
    as_date = (lambda d: d and d.isoformat()) if vendor == "sqlite" else (lambda d: d)
    return (pk, pk, org_id, state, "registered", to_db(applied), as_date(joined), as_date(ended),
            card, "")  # fmt: skip


def _unions() -> dict[str, tuple[list[int], list[int]]]:
    """The unions persons join, with cumulative weights: enterprises by workforce, streets evenly."""
    from lianxin.orgs.models import Org, OrgKind

    out = {}
    for kind, key in ((OrgKind.ENTERPRISE, "enterprise"), (OrgKind.UNION, "gig")):
        rows = list(Org.objects.filter(kind=kind).order_by("pk").values_list("pk", "workforce"))
        ids, total, cumulative = [], 0, []
        for pk, workforce in rows:
            total += (workforce or 1) if kind == OrgKind.ENTERPRISE else 1
            ids.append(pk)
            cumulative.append(total)
        out[key] = (ids, cumulative)
    return out


def build_members(n: int, seed: int) -> dict:
    """Write `n` persons with their variants and memberships, and the workforce; return the counts."""
    from django.db import connection, connections, transaction

    from bench.gen_rows import _bulk_session, _create_indexes, _drop_indexes, _sync_sequences
    from lianxin.core.bulk import insert_rows

    started = time.perf_counter()
    unions = _unions()
    dropped = _drop_indexes(TABLES)
    tasks = [(s, min(CHUNK, n - s), seed * 1_000 + s // CHUNK, unions, connection.vendor)
             for s in range(0, n, CHUNK)]  # fmt: skip
    counts = {"persons": 0, "id_variants": 0, "memberships": 0}
    processes = max(1, min(os.cpu_count() or 1, len(tasks)))
    connections.close_all()  # a forked worker must not share the parent's connection
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        _bulk_session(connection)
        for persons, variants, memberships in pool.imap(_chunk, tasks):
            with transaction.atomic():
                insert_rows("members_person", PERSON_COLUMNS, persons)
                insert_rows("members_idvariant", ["person_id", "digest"], variants)
                insert_rows("members_membership", MEMBERSHIP_COLUMNS, memberships)
            counts["persons"] += len(persons)
            counts["id_variants"] += len(variants)
            counts["memberships"] += len(memberships)
    rows_s = time.perf_counter() - started
    index_started = time.perf_counter()
    _create_indexes(dropped)
    counts["workforce"] = _workforce(seed)
    _sync_sequences("members_person", "members_membership")
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")
    return {**counts, "rows_seconds": round(rows_s, 1),
            "index_seconds": round(time.perf_counter() - index_started, 1),
            "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip


def _workforce(seed: int) -> int:
    """One Workforce row per base union: members ÷ a rate in 55–95 % (gig unions: all gig)."""
    from django.db.models import Count

    from lianxin.members.models import Membership, Workforce
    from lianxin.orgs.models import Org, OrgKind

    rng = random.Random(seed + 7)
    members = dict(
        Membership.objects.filter(state="active").values("org").annotate(n=Count("pk"))
        .values_list("org", "n")
    )  # fmt: skip
    rows = []
    for pk, kind, workforce in Org.objects.filter(
        kind__in=[OrgKind.ENTERPRISE, OrgKind.UNION]
    ).order_by("pk").values_list("pk", "kind", "workforce"):  # fmt: skip
        m = members.get(pk, 0)
        total = max(m, round(m / rng.uniform(0.55, 0.95))) if m else (workforce or 0)
        gig = total if kind == OrgKind.UNION else 0
        rows.append(Workforce(org_id=pk, on=WORKFORCE_ON, total=total, gig=gig))
    Workforce.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
