"""bench/load_bench.py's database check: what makes `make bench-smoke` fail when the load broke
exactly-once (a case twice, a case never acknowledged, a case under another number, a lost move)."""

import pytest

from bench.load_bench import Load, Sent, check_database
from lianxin.cases.services import accept_case
from lianxin.intake.services.worker import submit_concern


def _load(world) -> Load:
    setup = {"enterprises": [world.ent_a1.code], "district": {world.ent_a1.code}}
    return Load(port=0, setup=setup, seed=1)


def _submit(world, marker: str, key: str):
    """One worker submission as the server registers it from the worker page."""
    return submit_concern(
        key=key, client=f"10.0.0.{len(key)}", enterprise=world.ent_a1,
        description=f"公司拖欠工资三个月（{marker}）", is_anonymous=True,
    ).case  # fmt: skip


def _sent(load: Load, marker: str, number: str) -> Sent:
    sent = Sent(marker, b"", "10.0.0.1", "EA1", "c" * 32, number=number, acknowledged=True)
    load.sent.append(sent)
    return sent


@pytest.mark.django_db
def test_each_acknowledged_submission_once_under_its_number_passes(world):
    # given two acknowledged submissions, each registered once, one of them accepted
    load = _load(world)
    first = _submit(world, "LOAD-000000000001", "k" * 30)
    second = _submit(world, "LOAD-000000000002", "q" * 31)
    _sent(load, "LOAD-000000000001", first.number)
    _sent(load, "LOAD-000000000002", second.number)
    accept_case(case_id=first.pk, actor=world.staff)
    load.moved[first.number] = "accepted"
    # when the database is checked, then nothing is wrong
    assert check_database(load) == []


@pytest.mark.django_db
def test_a_submission_registered_twice_fails_the_check(world):
    # given one acknowledged submission whose text was registered as two cases (keys lost)
    load = _load(world)
    case = _submit(world, "LOAD-00000000000a", "k" * 30)
    _submit(world, "LOAD-00000000000a", "z" * 32)
    _sent(load, "LOAD-00000000000a", case.number)
    # when the database is checked
    problems = check_database(load)
    # then the duplicate and the extra key are named
    assert any("LOAD-00000000000a: 2 case(s)" in p for p in problems)
    assert any("2 submission keys for 1" in p for p in problems)


@pytest.mark.django_db
def test_a_case_no_answer_acknowledged_or_under_another_number_fails_the_check(world):
    # given a case the clients never saw acknowledged, and one acknowledged under a wrong number
    load = _load(world)
    _submit(world, "LOAD-0000000000b1", "k" * 30)
    other = _submit(world, "LOAD-0000000000b2", "m" * 30)
    _sent(load, "LOAD-0000000000b2", other.number + "9")
    # when the database is checked
    problems = check_database(load)
    # then both are reported
    assert any("no answer acknowledged" in p and "LOAD-0000000000b1" in p for p in problems)
    assert any("not " + other.number + "9" in p for p in problems)


@pytest.mark.django_db
def test_an_acknowledged_move_missing_from_the_database_fails_the_check(world):
    # given a case the load was told it accepted, still registered in the database
    load = _load(world)
    case = _submit(world, "LOAD-0000000000c1", "k" * 30)
    _sent(load, "LOAD-0000000000c1", case.number)
    load.moved[case.number] = "accepted"
    # when the database is checked, then the lost move is reported
    assert any("acknowledged move(s) not in the database" in p for p in check_database(load))
