"""Forms of every kind of day's pages: what was heard, the summary, cancelling, raising a case.

They only validate input; the services decide what is allowed.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.cases.forms import CategoryField, WorkerContactForm
from lianxin.cases.models import Urgency
from lianxin.core.forms import StyledForm
from lianxin.fieldwork.services import MAX_WEEKS
from lianxin.orgs.models import Org

TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TITLE_LENGTH = 60


def title_from(heard: str) -> str:
    """A case title suggested from what was heard: its first line, cut short."""
    first = (heard.strip().splitlines() or [""])[0].strip()
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"


class DiaryEntryForm(StyledForm):
    heard = forms.CharField(label=_("What was heard"), widget=TEXTAREA)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Org.objects.none(),
        required=False,
        empty_label=_("(whole enterprise)"),
    )
    speaker = forms.CharField(label=_("Who"), max_length=100, required=False)
    place = forms.CharField(label=_("Where"), max_length=100, required=False)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.limit_choices("team", teams)


class CompleteDayForm(StyledForm):
    summary = forms.CharField(label=_("Summary of the day"), widget=TEXTAREA)


class CancelDayForm(StyledForm):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=TEXTAREA)


class RaiseCaseForm(WorkerContactForm):
    category = CategoryField(label=_("Category"))
    title = forms.CharField(label=_("Title"), max_length=120)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ORDINARY
    )
    field_order = ["category", "title", "urgency"]


class BookDutyForm(StyledForm):
    """当一天站长: a day, or the same weekday for several weeks, at the station in the link."""

    day = forms.DateField(label=_("Date"), widget=DATE)
    weeks = forms.IntegerField(
        label=_("Repeat weekly for (weeks)"), min_value=1, max_value=MAX_WEEKS, initial=1
    )
    plan = forms.CharField(label=_("Plan for the day"), widget=TEXTAREA, required=False)
