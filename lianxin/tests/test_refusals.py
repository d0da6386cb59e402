"""The shared refusal helpers catch what they promise to: a refused call that wrote anything fails."""

import pytest

from lianxin.audit.services import record_event
from lianxin.core.errors import DomainError, InvalidInput
from lianxin.orgs.models import Org
from lianxin.tests.refusals import changes, refused, snapshot


def refuse() -> None:
    raise InvalidInput("no", code="test.refused")


def journal_then_refuse(org: Org) -> None:
    record_event(target=org, actor=None, kind="test_written")
    refuse()


@pytest.mark.django_db
def test_a_refusal_that_wrote_nothing_passes_and_hands_back_the_error(world):
    error = refused(refuse, InvalidInput, row=world.ent_a1, counts=[Org], rows=[Org])
    assert error.code == "test.refused"


@pytest.mark.django_db
def test_a_refusal_that_journalled_on_its_row_fails(world):
    with pytest.raises(AssertionError, match="must change nothing"):
        refused(lambda: journal_then_refuse(world.ent_a1), DomainError, row=world.ent_a1)


@pytest.mark.django_db
def test_a_refusal_that_changed_a_counted_table_fails(world):
    def create_then_refuse():
        Org.objects.create(code="X1", name="新增", kind="team", parent=world.ent_a1)
        refuse()

    with pytest.raises(AssertionError, match="must change nothing"):
        refused(create_then_refuse, InvalidInput, counts=[Org.objects.filter(kind="team")])


@pytest.mark.django_db
def test_a_refusal_that_changed_a_row_of_a_whole_table_fails(world):
    def rename_then_refuse():
        Org.objects.filter(pk=world.team_a1.pk).update(name="改名")
        refuse()

    with pytest.raises(AssertionError, match="must change nothing"):
        refused(rename_then_refuse, InvalidInput, rows=[Org])


@pytest.mark.django_db
def test_changes_names_the_fields_that_moved_since_the_snapshot(world):
    before = snapshot(world.ent_a1)
    Org.objects.filter(pk=world.ent_a1.pk).update(name="改名")
    assert changes(before, world.ent_a1) == {"name": "改名"}
