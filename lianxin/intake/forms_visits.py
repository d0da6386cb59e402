"""Forms of the visit-day pages; they only validate input (the services decide what is allowed)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.fieldwork.forms import (  # noqa: F401  (the visit pages' names for the shared forms)
    DATE,
    TEXTAREA,
    DiaryEntryForm,
    RaiseCaseForm,
    title_from,
)
from lianxin.fieldwork.forms import CancelDayForm as CancelVisitForm  # noqa: F401
from lianxin.fieldwork.forms import CompleteDayForm as CompleteVisitForm  # noqa: F401
from lianxin.intake.services.visits import MAX_WEEKS
from lianxin.orgs.models import Org


class PlanVisitForm(StyledForm):
    org = forms.ModelChoiceField(label=_("Enterprise"), queryset=Org.objects.none())
    day = forms.DateField(label=_("Date"), widget=DATE)
    weeks = forms.IntegerField(
        label=_("Repeat weekly for (weeks)"),
        min_value=1,
        max_value=MAX_WEEKS,
        initial=1,
        help_text=_("1 plans this date only; 4 plans the same weekday for four weeks."),
    )
    plan = forms.CharField(
        label=_("Plan for the day"),
        widget=TEXTAREA,
        required=False,
        help_text=_("Which workshops, which teams, what to ask about."),
    )

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.limit_choices("org", enterprises)
            if len(enterprises) == 1:
                self.fields["org"].initial = enterprises[0]


class WeekForm(StyledForm):
    day = forms.DateField(label=_("Week of"), widget=DATE, required=False)
