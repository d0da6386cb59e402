"""Create the demo org tree and accounts, idempotently (a second run changes nothing)."""

from django.contrib.auth.models import User
from django.db import transaction

from lianxin.demo import orgs_data as data
from lianxin.orgs.models import Org, OrgKind, PartnerType
from lianxin.orgs.partner_types import seed_partner_types
from lianxin.orgs.services import create_org, grant_role


def _org(code: str, name: str, kind: str, parent: Org | None, **fields) -> Org:
    existing = Org.objects.filter(code=code).first()
    if existing:
        return existing
    return create_org(actor=None, code=code, name=name, kind=kind, parent=parent, **fields)


@transaction.atomic
def load_orgs() -> Org:
    seed_partner_types(PartnerType)  # seeded by a migration; put back if a test emptied the table
    city = _org(data.CITY["code"], data.CITY["name"], OrgKind.FEDERATION, None,
                **{k: v for k, v in data.CITY.items() if k not in {"code", "name"}})  # fmt: skip
    for d_code, (d_name, region_code, unions) in data.DISTRICTS.items():
        district = _org(d_code, d_name, OrgKind.FEDERATION, city, region_code=region_code,
                        region="河南省焦作市" + d_name.removesuffix("总工会"))  # fmt: skip
        c_code, c_name = data.COMMUNITIES[d_code]
        _org(c_code, c_name, OrgKind.PARTNER, district, partner_type=PartnerType.COMMUNITY,
             region=district.region)  # fmt: skip
        for u_code, (u_name, enterprises) in unions.items():
            union = _org(u_code, u_name, OrgKind.UNION, district, region=district.region)
            for i, e_name in enumerate(enterprises, start=1):
                _enterprise(f"{u_code}-{i:02d}", e_name, union, workforce=120 + 37 * i)
    for p_type, (p_code, p_name) in data.PARTNERS.items():
        _org(p_code, p_name, OrgKind.PARTNER, city, partner_type=p_type, region=city.region)
    return city


def _enterprise(code: str, name: str, union: Org, workforce: int) -> Org:
    short = name.removeprefix("焦作市").removeprefix("焦作").removesuffix("有限公司")
    enterprise = _org(code, name + "工会", OrgKind.ENTERPRISE, union, short_name=short,
                      region=union.region, workforce=workforce)  # fmt: skip
    for j, team in enumerate(data.TEAMS[:2] if workforce < 200 else data.TEAMS, start=1):
        _org(f"{code}-T{j}", f"{short}{team}", OrgKind.TEAM, enterprise, region=union.region)
    return enterprise


@transaction.atomic
def load_accounts() -> list[tuple[str, str, str]]:
    """One account per role, named after it; returns (username, role, org name) for the printout."""
    rows = []
    for username, (full_name, role, org_code) in data.ACCOUNTS.items():
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.first_name = full_name
            user.set_password(data.DEMO_PASSWORD)
            user.is_staff = user.is_superuser = username == "admin"
            user.save()
        org = Org.objects.get(code=org_code)
        grant_role(actor=None, user=user, org=org, role=role)
        rows.append((username, role, org.name))
    return rows
