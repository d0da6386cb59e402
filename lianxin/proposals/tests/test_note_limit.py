"""A proposal's journal note is bounded by the one move runner (audit.moves.run_move), the last gate
every app's moves pass through."""

import pytest

from lianxin.audit.models import Event
from lianxin.core.errors import InvalidInput
from lianxin.core.text import NOTE_MAX_LENGTH
from lianxin.proposals import forms, services
from lianxin.proposals.models import Proposal
from lianxin.proposals.tests.factories import submit, worker

pytestmark = pytest.mark.django_db


def test_an_over_long_note_on_a_proposal_move_is_refused_and_nothing_is_journalled(world):
    # given a submitted proposal and its journal
    proposal = submit(actor=worker(), enterprise=world.ent_a1)
    events = Event.objects.count()
    # when the chair reviews it with a note one character over the limit
    with pytest.raises(InvalidInput) as refused:
        services.review_proposal(
            proposal_id=proposal.pk, actor=world.chair, note="长" * (NOTE_MAX_LENGTH + 1)
        )
    # then it is refused with the note's stable code; the proposal and the journal are unchanged
    assert refused.value.code == "note.too_long"
    assert Proposal.objects.get(pk=proposal.pk).status == proposal.status
    assert Event.objects.count() == events


@pytest.mark.parametrize("form_class", ["NoteForm", "ReasonForm", "ImplementationForm"])
def test_the_proposal_note_boxes_refuse_an_over_long_note_in_chinese(form_class):
    # given a proposal move's form with a note one character over the limit
    form = getattr(forms, form_class)({"note": "长" * (NOTE_MAX_LENGTH + 1)})
    # when validated / then it is refused, saying the limit and the length in Chinese
    assert not form.is_valid()
    assert form.errors["note"] == [
        f"备注最多 {NOTE_MAX_LENGTH} 个字，这段有 {NOTE_MAX_LENGTH + 1} 个字，请精简后再提交。"
    ]
