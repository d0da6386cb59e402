"""Forms of the 督办 actions (催办, 挂牌督办, 摘牌, 申请延期 and its decision); they only validate input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import NoteField, StyledForm

DATE = forms.DateInput(attrs={"type": "date"})
MAX_BULK = 200  # the board shows 20 rows a list: a bulk urge is never larger than a few pages


class UrgeForm(StyledForm):
    note = NoteField(label=_("What you urge the handler to do"))


class AnswerUrgeForm(StyledForm):
    note = NoteField(label=_("Your answer to the urge"))


class FlagForm(StyledForm):
    due = forms.DateField(label=_("Supervision deadline"), widget=DATE)
    note = NoteField(label=_("Why the case is put under supervision"))


class LiftForm(StyledForm):
    note = NoteField(label=_("Why the supervision is lifted"))


class ExtensionForm(StyledForm):
    new_due = forms.DateField(label=_("New resolution deadline"), widget=DATE)
    reason = NoteField(label=_("Why more time is needed"))


class DecideExtensionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = NoteField(label=_("Note (required to reject)"), required=False)


class CaseIdsField(forms.Field):
    """The ticked cases' ids (checkboxes named alike); which of them may be urged is the service's
    question, so an id outside the user's scope is refused there like a missing case."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Tick the cases to urge."),
        "invalid": _("Tick the cases to urge."),
    }

    def to_python(self, value: object) -> list[int]:
        if not value:
            return []
        try:
            ids = [int(v) for v in value]  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if len(ids) > MAX_BULK:
            raise forms.ValidationError(
                _("Urge at most %(limit)s cases at once.") % {"limit": MAX_BULK}, code="too_many"
            )
        return ids


class BulkUrgeForm(StyledForm):
    cases = CaseIdsField(label=_("Cases"))
    note = NoteField(label=_("What you urge the handlers to do"))
