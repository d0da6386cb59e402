"""A journal cut off at its end: each chain's stored head and its target's state must agree with its
last event, so removing the last events (or a whole chain) is reported, not called intact."""

import importlib
from datetime import timedelta

import pytest
from django.db import connection, transaction

from lianxin.audit.models import Event, JournalHead
from lianxin.audit.selectors import verify_chains
from lianxin.audit.services import Entry, record_event, start_journals
from lianxin.audit.tests.test_journal import (
    broken_lines,
    build_town,
    chain_of,
    handled_case,
    verify,
)
from lianxin.cases import services
from lianxin.cases.models import Case, Category
from lianxin.cases.taxonomy import seed_categories
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock


@pytest.fixture
def town(db):
    return build_town()


@pytest.fixture
def committed_town(transactional_db):
    seed_categories(Category)
    return build_town()


def closed_case(town) -> Case:
    """A case taken from registration to 销账: its last event is `closed`."""
    case = handled_case(town)
    services.resolve_case(case_id=case.pk, actor=town.chair, result="已补发工资")
    services.close_case(case_id=case.pk, actor=town.chair, note="职工确认")
    return case


def delete_events(*events: Event) -> None:
    with connection.cursor() as cursor:
        for event in events:
            cursor.execute("DELETE FROM audit_event WHERE id=%s", [event.pk])


def head_of(case: Case) -> JournalHead:
    return JournalHead.objects.get(target_type="cases.case", target_id=case.pk)


# ---- writing: the head moves with every event ---------------------------------------------------


def test_every_event_moves_its_chains_head_in_the_same_transaction(town):
    case = closed_case(town)
    chain = chain_of(case)
    head = head_of(case)
    assert (head.length, head.head_hash) == (len(chain), chain[-1].hash)
    with transaction.atomic():
        event = record_event(target=case, actor=town.chair, kind="note", note="补记")
    head.refresh_from_db()
    assert (head.length, head.head_hash) == (event.seq, event.hash)


def test_a_refused_move_leaves_the_head_where_it_was(town):
    case = closed_case(town)
    before = (head_of(case).length, head_of(case).head_hash)
    with pytest.raises(Exception):  # noqa: B017, PT011  (the refusal's own type is the ledger's)
        services.accept_case(case_id=case.pk, actor=town.chair)
    assert (head_of(case).length, head_of(case).head_hash) == before


def test_journals_written_in_bulk_get_their_heads_too(town):
    # given two journals written at once: a few events (ORM) and an import-sized one (plain rows)
    small, large = (
        make_case(actor=town.chair, org=town.ent),
        make_case(actor=town.chair, org=town.ent),
    )
    at = clock.now()
    entries = [Entry(kind="note", at=at + timedelta(seconds=i)) for i in range(250)]
    with transaction.atomic():
        start_journals(journals=[(small.pk, entries[:3])], actor=town.chair, target_type="t.small")
        start_journals(journals=[(large.pk, entries)], actor=town.chair, target_type="t.large")
    # then each has its head, and the journal is intact
    assert JournalHead.objects.get(target_type="t.small").length == 3
    assert JournalHead.objects.get(target_type="t.large").length == 250
    assert list(verify_chains()) == []
    # and cutting the large one short is reported
    last = Event.objects.get(target_type="t.large", seq=250)
    delete_events(last)
    assert [b.target_type for b in verify_chains()] == ["t.large"]


# ---- verify_journal: what a cut-off journal looks like ------------------------------------------


def test_verify_journal_reports_a_closed_case_whose_last_event_was_deleted(town):
    # given a closed case whose `closed` event was removed behind the ORM's back
    case = closed_case(town)
    last = chain_of(case)[-1]
    assert last.kind == "closed"
    delete_events(last)
    # when the journal is verified
    output, error = verify()
    # then the case is named as broken, not called intact
    assert error is not None
    assert "journal intact" not in output
    lines = broken_lines(output)
    assert lines
    assert all(f"cases.case {case.pk} " in line for line in lines)
    assert any("stored end is #" in line for line in lines)
    assert any("its state is closed but its last event left it resolved" in line for line in lines)


def test_verify_journal_reports_a_middle_and_the_last_event_deleted(town):
    case = closed_case(town)
    chain = chain_of(case)
    delete_events(chain[2], chain[-1])
    lines = broken_lines(verify()[0])
    assert any(f"cases.case {case.pk} at #4: missing event(s) before #4" in line for line in lines)
    assert any(f"cases.case {case.pk} at #{len(chain)}: the chain ends" in line for line in lines)


def test_verify_journal_reports_a_cut_off_chain_even_when_its_head_was_moved_back_too(town):
    # given the last event removed and the head rewritten to match (a careful tamperer)
    case = closed_case(town)
    chain = chain_of(case)
    delete_events(chain[-1])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_journalhead SET length=%s, head_hash=%s "
            "WHERE target_type=%s AND target_id=%s",
            [chain[-2].seq, chain[-2].hash, "cases.case", case.pk],
        )
    # then the case's own status still gives it away
    breaks = list(verify_chains())
    assert [(b.target_id, b.reason) for b in breaks] == [
        (case.pk, "its state is closed but its last event left it resolved")
    ]


def test_verify_journal_reports_a_chain_removed_whole(town):
    case = closed_case(town)
    other = handled_case(town)
    delete_events(*chain_of(case))
    breaks = list(verify_chains())
    assert [(b.target_id, b.seq) for b in breaks] == [(case.pk, 1)]
    assert "all 6 events of the chain missing" in breaks[0].reason
    assert other.pk != case.pk


def test_verify_journal_reports_a_status_changed_without_an_event(town):
    case = handled_case(town)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET status=%s WHERE id=%s", ["closed", case.pk])
    breaks = list(verify_chains())
    assert [(b.target_id, b.reason) for b in breaks] == [
        (case.pk, "its state is closed but its last event left it in_progress")
    ]


def test_verify_journal_on_intact_closed_cases_says_intact(town):
    for _ in range(3):
        closed_case(town)
    handled_case(town)
    output, error = verify()
    assert error is None
    assert "journal intact" in output


def test_the_migration_gives_every_existing_chain_its_head(town):
    # given chains written before heads existed (their heads gone)
    cases = [closed_case(town), handled_case(town)]
    JournalHead.objects.all().delete()
    # when the migration's backfill runs
    migration = importlib.import_module("lianxin.audit.migrations.0002_journal_head")
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)
    # then each chain's head is its last event, and the journal is intact
    for case in cases:
        assert (head_of(case).length, head_of(case).head_hash) == (
            chain_of(case)[-1].seq,
            chain_of(case)[-1].hash,
        )
    assert list(verify_chains()) == []


def test_verify_journal_with_jobs_reports_a_cut_off_chain_as_one_job_does(committed_town):
    cases = [closed_case(committed_town) for _ in range(3)]
    delete_events(chain_of(cases[1])[-1])
    one = broken_lines(verify()[0])
    two = broken_lines(verify("--jobs", "2")[0])
    assert one
    assert two == one
    assert all(f"cases.case {cases[1].pk} " in line for line in one)
