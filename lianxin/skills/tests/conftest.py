"""The skills test world: the default credit rules, and members with (or without) a worker account."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps

from lianxin.members.models import Person
from lianxin.members.services import apply_for_membership, approve_membership, register_member
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory
from lianxin.skills.models import CreditRule

DEFAULTS = importlib.import_module("lianxin.skills.migrations.0002_default_credit_rules")


@pytest.fixture
def rules(db):
    """The rules the data migration seeds (put back when a transactional test emptied the table)."""
    if not CreditRule.objects.exists():
        DEFAULTS.add_rules(django_apps, None)
    return {(r.kind, r.level, r.rank_from): r for r in CreditRule.objects.all()}


def member_with_account(world, n: int, org=None, username: str | None = None):
    """A worker who applied from their own account and was approved: their person is theirs."""
    user = UserFactory(username=username or f"member{n}")
    membership = apply_for_membership(actor=user, org=org or world.ent_a1, details=details(n))
    approve_membership(actor=world.chair if org is None else world.city_staff,
                       membership_id=membership.pk)  # fmt: skip
    return SimpleNamespace(user=user, person=Person.objects.get(user=user))


@pytest.fixture
def skills_world(world, rules):
    """`world` with worker Wang (a member of A1 with an account), a member of B1 without an account."""
    world.rules = rules
    world.wang = member_with_account(world, 11, username="wang")
    world.b_member = register_member(
        actor=world.chair_b, org=world.ent_b1, details=details(12)
    ).person
    return world
