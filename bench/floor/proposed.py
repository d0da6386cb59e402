"""Lianxin with the intake changes proposed in BENCHMARKS.md, for measuring what they buy.

Served by gunicorn as `bench.floor.proposed:application` (settings: lianxin.settings). Two changes,
applied here by patching this process only (the diffs for lianxin/ are in BENCHMARKS.md):

1. `POST /api/cases` answers from the case it has just registered instead of reading it back
   through `case_detail` (a scope-checked query with eight joins): the registering user can see
   it by construction, and a case registered this instant is not overdue.
2. `register_case` validates the field values only (`clean_fields`) instead of `full_clean`: the
   category, org and users are rows in hand (no SELECT per foreign key) and the database enforces
   the anonymity check constraint (no constraint query).
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

from lianxin.cases import api, services  # noqa: E402
from lianxin.cases.models import Case  # noqa: E402

_FK = ["owner_org", "number", "category", "origin_org", "registered_by", "worker_user", "handler"]
_just_registered: dict[str, Case] = {}
_register = services.register_case
_fresh = api._fresh


def _lean_full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
    self.clean_fields(exclude=[*(exclude or []), *_FK])
    self.clean()


def register_case(**kwargs):
    original = Case.full_clean
    Case.full_clean = _lean_full_clean  # type: ignore[method-assign]
    try:
        case = _register(**kwargs)
    finally:
        Case.full_clean = original  # type: ignore[method-assign]
    _just_registered.clear()
    _just_registered[case.number] = case
    return case


def fresh(request, number):
    case = _just_registered.pop(number, None)
    if case is None:
        return _fresh(request, number)
    case.is_overdue = False
    return api.case_detail_out(case, request.auth)


services.register_case = register_case
api._fresh = fresh
