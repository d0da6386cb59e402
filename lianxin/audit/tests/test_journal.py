"""The journal: appended only by record_event, hash-chained per target, and checked by verify_journal."""

from datetime import UTC, datetime
from io import StringIO
from itertools import pairwise
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from lianxin.audit import selectors
from lianxin.audit.chain import event_hash, hashed_fields
from lianxin.audit.models import AppendOnlyError, Event
from lianxin.audit.selectors import ChainBreak, verify_chains
from lianxin.audit.services import record_event
from lianxin.cases import services
from lianxin.cases.models import Case, Category
from lianxin.cases.taxonomy import seed_categories
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.tests.factories import OrgFactory, UserFactory, with_role

BJ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def town(db):
    """One enterprise with its chair, under a city that numbers the cases."""
    return build_town()


@pytest.fixture
def committed_town(transactional_db):
    """The same, committed: other connections (the processes of --jobs) see its journal.

    A transactional test empties every table afterwards, the migration-seeded categories too."""
    seed_categories(Category)
    return build_town()


def build_town() -> SimpleNamespace:
    city = OrgFactory(code="JZ", name="焦作市总工会", kind=OrgKind.FEDERATION, case_prefix="JZ")
    ent = OrgFactory(code="E1", name="企业1工会", parent=city)
    return SimpleNamespace(ent=ent, chair=with_role("chair", ent, UserFactory(username="chair")))


def handled_case(town) -> Case:
    """A case with four events: registered, accepted, started, progress."""
    case = make_case(actor=town.chair, org=town.ent)
    services.accept_case(case_id=case.pk, actor=town.chair)
    services.start_case(case_id=case.pk, actor=town.chair)
    services.add_progress(case_id=case.pk, actor=town.chair, note="已约谈企业负责人")
    return case


def chain_of(case: Case) -> list[Event]:
    return list(Event.objects.filter(target_type="cases.case", target_id=case.pk).order_by("seq"))


def verify(*args: str) -> tuple[str, CommandError | None]:
    """Run verify_journal; return what it printed and the CommandError it raised, if any."""
    out = StringIO()
    try:
        call_command("verify_journal", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def broken_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("BROKEN")]


# ---- writing -------------------------------------------------------------------------------------


def test_record_event_outside_a_transaction_is_refused():
    # Given: no transaction is open (this test has no database access at all)
    assert not connection.in_atomic_block
    target = Org(pk=1, code="X", name="X")

    # When / then: the journal refuses to write before touching the database
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        record_event(target=target, actor=None, kind="registered")


def test_record_event_inside_a_transaction_appends_the_next_event_of_the_target(town):
    # Given: a case with its registration event
    case = make_case(actor=town.chair, org=town.ent)

    # When
    with transaction.atomic():
        event = record_event(
            target=case, actor=town.chair, kind="progress", note="电话回访", data={"k": "v"}
        )

    # Then: it is event #2, linked to #1, labelled with the actor
    first = chain_of(case)[0]
    assert (event.seq, event.prev_hash) == (2, first.hash)
    assert (event.actor_id, event.actor_label) == (town.chair.pk, town.chair.get_full_name())
    assert Event.objects.get(pk=event.pk).data == {"k": "v"}


def test_events_of_a_target_chain_by_seq_and_previous_hash(town):
    # Given / when: two cases are handled
    case = handled_case(town)
    other = make_case(actor=town.chair, org=town.ent)

    # Then: each target has its own chain 1..n, each event linked to the one before
    events = chain_of(case)
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert [e.kind for e in events] == ["registered", "accepted", "started", "progress"]
    assert events[0].prev_hash == ""
    for before, after in pairwise(events):
        assert after.prev_hash == before.hash
    for event in events:
        assert event.hash == event_hash(hashed_fields(event), event.prev_hash)
    assert [(e.seq, e.prev_hash) for e in chain_of(other)] == [(1, "")]


# ---- never edited, never deleted -----------------------------------------------------------------


def test_saving_an_existing_event_is_refused_and_the_row_is_unchanged(town):
    # Given
    event = chain_of(handled_case(town))[1]
    original = Event.objects.filter(pk=event.pk).values().get()

    # When / then
    event.note = "改过的备注"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["note"])
    assert Event.objects.filter(pk=event.pk).values().get() == original


def test_deleting_an_event_is_refused_and_the_row_remains(town):
    # Given
    event = chain_of(handled_case(town))[1]

    # When / then
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert Event.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_of_events_are_refused_and_change_nothing(town):
    # Given
    case = handled_case(town)
    before = list(Event.objects.order_by("pk").values())
    mine = Event.objects.filter(target_type="cases.case", target_id=case.pk)

    # When / then
    with pytest.raises(AppendOnlyError):
        mine.update(note="改过的备注")
    with pytest.raises(AppendOnlyError):
        mine.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():  # bulk_update opens no savepoint
        Event.objects.bulk_update([Event(pk=mine.first().pk, note="x")], ["note"])
    assert list(Event.objects.order_by("pk").values()) == before


# ---- verify_journal ------------------------------------------------------------------------------


def test_verify_journal_on_an_intact_journal_says_so(town):
    # Given
    handled_case(town)
    make_case(actor=town.chair, org=town.ent, is_anonymous=True, worker_name="", worker_phone="")

    # When
    output, error = verify()

    # Then
    assert error is None
    assert "journal intact" in output
    assert broken_lines(output) == []


def test_verify_journal_reports_an_event_edited_through_raw_sql_and_names_its_case(town):
    # Given: two handled cases; one note of the first is rewritten behind the ORM's back
    tampered, untouched = handled_case(town), handled_case(town)
    victim = chain_of(tampered)[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET note=%s WHERE id=%s", ["没有这回事", victim.pk])

    # When
    output, error = verify()

    # Then: the command fails, naming that case and that event only
    assert isinstance(error, CommandError)
    assert "1 journal chain(s) broken" in str(error)
    assert broken_lines(output) == [
        f"BROKEN cases.case {tampered.pk} at #2: event content does not match its hash"
    ]
    assert f"cases.case {untouched.pk} " not in output
    assert "journal intact" not in output


def test_verify_journal_reports_an_event_deleted_through_raw_sql_as_missing(town):
    # Given: the 'accepted' event of one case is removed behind the ORM's back
    tampered, untouched = handled_case(town), handled_case(town)
    victim = chain_of(tampered)[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE id=%s", [victim.pk])

    # When
    output, error = verify()

    # Then
    assert isinstance(error, CommandError)
    assert broken_lines(output) == [
        f"BROKEN cases.case {tampered.pk} at #3: missing event(s) before #3"
    ]
    assert f"cases.case {untouched.pk} " not in output


def test_verify_journal_limited_to_a_target_type_ignores_breaks_elsewhere(town):
    # Given: a broken org chain (org events come from creating orgs and granting roles)
    handled_case(town)
    org_event = Event.objects.filter(target_type="orgs.org").order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET note=%s WHERE id=%s", ["x", org_event.pk])

    # When
    case_output, case_error = verify("--target-type", "cases.case")
    all_output, all_error = verify()

    # Then
    assert case_error is None
    assert "journal intact" in case_output
    assert isinstance(all_error, CommandError)
    assert f"orgs.org {org_event.target_id} " in all_output


def test_verify_journal_accepts_events_written_under_a_frozen_beijing_clock(town):
    # Given: a case registered while replaying history in Beijing time (as the demo and tests do)
    make_case(actor=town.chair, org=town.ent, at=datetime(2026, 3, 2, 9, 30, tzinfo=BJ))

    # When
    output, error = verify()

    # Then
    assert error is None, output
    assert "journal intact" in output


def test_verify_journal_accepts_events_written_under_a_frozen_utc_clock(town):
    # Given
    with clock.frozen_at(datetime(2026, 3, 2, 1, 30, tzinfo=UTC)):
        handled_case(town)

    # When
    output, error = verify()

    # Then
    assert error is None, output
    assert "journal intact" in output


# ---- verify_journal: the hash computed again, byte for byte --------------------------------------

AWKWARD = 'quote " backslash \\ newline \n tab \t bell \x07 unit \x1f del \x7f 中文 😀 \u2028 é'


@pytest.fixture
def reference_checks(monkeypatch) -> list[tuple[str, int, int]]:
    """The events verify_chains had to check again from the model instance (it still does)."""
    seen: list[tuple[str, int, int]] = []
    original = selectors._hash_holds

    def spy(target_type: str, target_id: int, seq: int) -> bool:
        seen.append((target_type, target_id, seq))
        return original(target_type, target_id, seq)

    monkeypatch.setattr(selectors, "_hash_holds", spy)
    return seen


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 2, 1, 30, 0, 123456, tzinfo=UTC),
        datetime(2026, 3, 2, 9, 30, tzinfo=BJ),  # a round second: stored without microseconds
        datetime(2026, 3, 2, 9, 30, 0, 1000, tzinfo=BJ),  # trailing zeros
    ],
)
def test_verify_chains_writes_the_hash_input_as_event_hash_does_for_awkward_values(
    town, moment, reference_checks
):
    # Given: events whose strings need every kind of JSON escape, and data of every JSON type
    case = make_case(actor=town.chair, org=town.ent)
    data = {"z": [1, 2.5, -3.25, 0.1, True, None], "中": {"b": AWKWARD, "a": ""}, "n": 10**20}
    with clock.frozen_at(moment), transaction.atomic():
        record_event(target=case, actor=AWKWARD, kind="progress", note=AWKWARD, data=data)
        record_event(target=case, actor=None, kind="note", note="", data={})

    # When
    breaks = list(verify_chains())

    # Then: intact, each hash matched as written directly, without the reference check
    assert breaks == []
    assert reference_checks == []
    assert Event.objects.filter(note=AWKWARD).count() == 1


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("note", "没有这回事"),
        ("kind", "closed"),
        ("actor_label", "别人"),
        ("visibility", "public"),
        ("state_after", "closed"),
        ("data", '{"partner": "XX"}'),
        ("actor_id", None),
    ],
)
def test_verify_chains_reports_any_hashed_value_edited_through_raw_sql(
    town, column, value, reference_checks
):
    # Given: one stored value of one event rewritten behind the ORM's back
    tampered = handled_case(town)
    victim = chain_of(tampered)[2]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_event SET {column}=%s WHERE id=%s", [value, victim.pk])

    # When
    breaks = list(verify_chains(target_type="cases.case"))

    # Then: that event, and only it, is reported; the reference check agreed it is broken
    assert breaks == [
        ChainBreak("cases.case", tampered.pk, 3, "event content does not match its hash")
    ]
    assert reference_checks == [("cases.case", tampered.pk, 3)]


def test_verify_chains_reports_a_time_moved_by_one_microsecond(town):
    # Given
    tampered = handled_case(town)
    victim = chain_of(tampered)[1]
    moved = victim.at.replace(microsecond=(victim.at.microsecond + 1) % 1_000_000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_event SET at=%s WHERE id=%s",
            [connection.ops.adapt_datetimefield_value(moved), victim.pk],
        )

    # When / then
    assert list(verify_chains(target_type="cases.case")) == [
        ChainBreak("cases.case", tampered.pk, 2, "event content does not match its hash")
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite stores the time as text")
def test_verify_chains_accepts_a_time_stored_in_another_form_of_the_same_instant(
    town, reference_checks
):
    # Given: an event's time rewritten as ISO with an offset: the same instant, read back alike
    case = handled_case(town)
    victim = chain_of(case)[1]
    text = victim.at.astimezone(BJ).isoformat(timespec="microseconds")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET at=%s WHERE id=%s", [text, victim.pk])
    assert Event.objects.get(pk=victim.pk).at == victim.at

    # When
    breaks = list(verify_chains())

    # Then: the direct form differs, the reference check decides: no false alarm
    assert breaks == []
    assert reference_checks == [("cases.case", case.pk, 2)]


def test_verify_journal_with_jobs_reports_the_same_breaks_in_the_same_order(committed_town):
    # Given: a committed journal with an edited event and a removed one, in two cases of many
    cases = [handled_case(committed_town) for _ in range(6)]
    edited, removed = chain_of(cases[1])[3], chain_of(cases[4])[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET note=%s WHERE id=%s", ["改过", edited.pk])
        cursor.execute("DELETE FROM audit_event WHERE id=%s", [removed.pk])

    # When
    one = list(verify_chains())
    output, error = verify("--jobs", "2")

    # Then: the parts walked in other processes (on PostgreSQL; an in-memory SQLite database is
    # walked in this one) find exactly what one process finds
    assert list(verify_chains(jobs=2)) == one
    assert one == [
        ChainBreak("cases.case", cases[1].pk, 4, "event content does not match its hash"),
        ChainBreak("cases.case", cases[4].pk, 2, "missing event(s) before #2"),
    ]
    assert isinstance(error, CommandError)
    assert broken_lines(output) == [
        f"BROKEN cases.case {b.target_id} at #{b.seq}: {b.reason}" for b in one
    ]


def test_verify_journal_with_jobs_on_an_intact_journal_says_so(committed_town):
    # Given
    handled_case(committed_town)

    # When
    output, error = verify("--jobs", "2")

    # Then
    assert error is None
    assert "journal intact" in output


def test_verify_journal_refuses_fewer_than_one_job(town):
    # When
    output, error = verify("--jobs", "0")

    # Then
    assert isinstance(error, CommandError)
    assert "--jobs" in str(error)
    assert output == ""
