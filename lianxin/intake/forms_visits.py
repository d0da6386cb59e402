"""Forms of the visit-day pages; they only validate input (the services decide what is allowed)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.cases.forms import CategoryField
from lianxin.cases.models import Urgency
from lianxin.core.forms import StyledForm
from lianxin.intake.services.visits import MAX_WEEKS
from lianxin.orgs.models import Org

TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TITLE_LENGTH = 60


def title_from(heard: str) -> str:
    """A case title suggested from what was heard: its first line, cut short."""
    first = (heard.strip().splitlines() or [""])[0].strip()
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"


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


class CompleteVisitForm(StyledForm):
    summary = forms.CharField(label=_("Summary of the day"), widget=TEXTAREA)


class CancelVisitForm(StyledForm):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=TEXTAREA)


class RaiseCaseForm(StyledForm):
    category = CategoryField(label=_("Category"))
    title = forms.CharField(label=_("Title"), max_length=120)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ORDINARY
    )
    is_anonymous = forms.BooleanField(
        label=_("The worker wishes to stay anonymous"), required=False
    )
    worker_name = forms.CharField(label=_("Worker's name"), max_length=60, required=False)
    worker_phone = forms.RegexField(
        label=_("Worker's phone"),
        regex=r"^[0-9+\- ]{5,20}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number of digits only.")},
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("is_anonymous"):
            data["worker_name"] = data["worker_phone"] = ""
        return data


class WeekForm(StyledForm):
    day = forms.DateField(label=_("Week of"), widget=DATE, required=False)
