"""The demo's year of cases: replayed once through the services, whole, and close to Jiaozuo's figures.

The replay takes seconds, so the module loads it once and every test reads it; it runs inside a
transaction that is rolled back when the module is done, so no other test sees the demo data.
"""

from datetime import timedelta

import pytest
from django.db import transaction

from lianxin.audit.selectors import verify_chains
from lianxin.cases.filters import overdue_q
from lianxin.cases.models import Case, Channel
from lianxin.cases.states import DONE_STATES, OPEN_STATES, Status
from lianxin.cases.taxonomy import CATEGORIES
from lianxin.demo.cases_loader import END, load_cases
from lianxin.demo.orgs_loader import load_accounts, load_orgs


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The number of cases the first load created."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_orgs()
        load_accounts()
        yield load_cases()
        transaction.set_rollback(True)


def test_loading_again_adds_no_cases(loaded, db):
    assert 400 <= loaded <= 600
    assert Case.objects.count() == loaded

    assert load_cases() == 0
    assert Case.objects.count() == loaded


def test_every_category_and_channel_appears(loaded, db):
    assert set(Case.objects.values_list("category__key", flat=True)) == set(CATEGORIES)
    channels = set(Case.objects.values_list("channel", flat=True))
    assert channels == set(Channel.values) - {Channel.IMPORT}
    assert (
        Case.objects.filter(channel=Channel.VISIT).count()
        > Case.objects.filter(channel=Channel.HOTLINE).count()
    )


def test_the_journal_of_the_replayed_year_verifies(loaded, db):
    assert list(verify_chains()) == []


def test_resolution_rate_of_accepted_cases_older_than_a_month_is_close_to_jiaozuos(loaded, db):
    older = Case.objects.filter(registered_at__lt=END - timedelta(days=30)).exclude(
        status__in=[Status.REJECTED, Status.REGISTERED]
    )
    resolved = older.filter(status__in=DONE_STATES).count()

    assert 97.0 <= 100 * resolved / older.count() <= 99.5


def test_recent_cases_are_still_open_and_a_few_are_overdue(loaded, db):
    recent = Case.objects.filter(registered_at__gte=END - timedelta(days=7))
    assert recent.filter(status__in=OPEN_STATES).exists()
    assert 1 <= Case.objects.filter(overdue_q(END)).count() <= 15


def test_a_handful_are_rejected_each_with_its_reason(loaded, db):
    rejected = Case.objects.filter(status=Status.REJECTED)
    assert 3 <= rejected.count() <= 20
    assert not rejected.filter(result="").exists()


def test_named_workers_have_generated_phones_and_anonymous_ones_nothing(loaded, db):
    named = Case.objects.filter(is_anonymous=False)
    assert named.exists()
    assert Case.objects.filter(is_anonymous=True).exists()
    assert all(
        len(p) == 11 and p.startswith("139") for p in named.values_list("worker_phone", flat=True)
    )
