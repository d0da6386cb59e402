"""Forms of the proposals app; they only validate input (the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.cases.models import Category
from lianxin.core.forms import NoteField, StyledForm
from lianxin.orgs.models import Org, OrgKind
from lianxin.proposals.models import AttendeeSide, RewardForm
from lianxin.proposals.states import Action, ResolutionAction

TEXTAREA = forms.Textarea(attrs={"rows": 3})
FILE_TYPES = "image/jpeg,image/png,image/webp,application/pdf"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; each is checked by its bytes in the service."""

    def __init__(self, **kwargs):
        attrs = {"accept": FILE_TYPES, "multiple": True}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(FilesField, self).clean(f, initial) for f in files if f]


class TeamField(forms.ModelChoiceField):
    """A team named with its enterprise: "天香面业 · 和面班"."""

    def label_from_instance(self, obj: Org) -> str:
        return f"{obj.parent.name} · {obj.name}" if obj.parent else obj.name


class ProposalForm(StyledForm):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Org.objects.none())
    team = TeamField(
        label=_("Team (for a team proposal)"), queryset=Org.objects.none(), required=False
    )
    department = forms.CharField(label=_("Department"), max_length=80, required=False)
    title = forms.CharField(label=_("Title"), max_length=120)
    problem = forms.CharField(label=_("The problem today"), widget=TEXTAREA)
    solution = forms.CharField(label=_("Your proposal"), widget=TEXTAREA)
    expected_benefit = forms.CharField(label=_("Expected benefit"), widget=TEXTAREA, required=False)
    proposer_names = forms.CharField(
        label=_("Other proposers (names, one per line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    attachments = FilesField(label=_("Attachments (photos or PDF, up to 5)"))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices("enterprise", enterprises)
        teams = Org.objects.filter(kind=OrgKind.TEAM, parent__in=enterprises, is_active=True)
        self.limit_choices("team", teams.select_related("parent"))

    def names(self) -> list[str]:
        return [n for n in self.cleaned_data.get("proposer_names", "").splitlines() if n.strip()]


class NoteForm(StyledForm):
    note = NoteField(label=_("Note"), required=False)


class ReasonForm(StyledForm):
    note = NoteField(label=_("Reason the proposer reads"))


class ImplementationForm(StyledForm):
    realised_benefit = forms.DecimalField(
        label=_("Realised benefit (yuan a year)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    benefit_description = forms.CharField(
        label=_("Non-monetary benefit"), widget=TEXTAREA, required=False
    )
    note = NoteField(label=_("Note"), required=False)


ACTION_FORMS: dict[Action, type[StyledForm]] = {
    Action.REVIEW: NoteForm,
    Action.FORWARD: NoteForm,
    Action.ADOPT: NoteForm,
    Action.DECLINE: ReasonForm,
    Action.IMPLEMENT: NoteForm,
    Action.COMPLETE: ImplementationForm,
    Action.REWARD: NoteForm,
}


class ToCaseForm(StyledForm):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True)
    )


class TierForm(StyledForm):
    label = forms.CharField(label=_("Tier"), max_length=60)
    min_benefit = forms.DecimalField(label=_("Benefit from (yuan a year)"), min_value=0)
    base_amount = forms.DecimalField(label=_("Base amount (yuan)"), min_value=0, initial=0)
    percent = forms.DecimalField(
        label=_("Share of the benefit (%)"), min_value=0, max_value=100, initial=0
    )
    max_amount = forms.DecimalField(label=_("At most (yuan)"), min_value=0, required=False)
    form = forms.ChoiceField(label=_("Form of reward"), choices=RewardForm.choices)


TierFormSet = forms.formset_factory(TierForm, extra=2, can_delete=True)


# ---- meetings ------------------------------------------------------------------------------------


class MeetingForm(StyledForm):
    org = forms.ModelChoiceField(label=_("Enterprise"), queryset=Org.objects.none())
    title = forms.CharField(label=_("Title"), max_length=120)
    held_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=120)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices("org", orgs)


class InlineForm(StyledForm):
    """A one-line form whose labels show as placeholders."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("placeholder", field.label)
            field.widget.attrs.setdefault("aria-label", field.label)


class AgendaItemForm(InlineForm):
    text = forms.CharField(label=_("Agenda item"), max_length=300, required=False)
    case_number = forms.CharField(label=_("Case number (optional)"), max_length=24, required=False)
    proposal_id = forms.IntegerField(label=_("Proposal id (optional)"), required=False)


class AttendeeForm(InlineForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    side = forms.ChoiceField(label=_("Represents"), choices=AttendeeSide.choices)
    position = forms.CharField(label=_("Position"), max_length=60, required=False)


class MinutesForm(StyledForm):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}))


class ResolutionForm(StyledForm):
    text = forms.CharField(label=_("Resolution"), widget=TEXTAREA)
    owner_name = forms.CharField(label=_("Owner"), max_length=60)
    owner_username = forms.CharField(
        label=_("Owner's login (optional)"), max_length=150, required=False
    )
    due = forms.DateTimeField(
        label=_("Deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_owner_username(self) -> str:
        # Looked up by the service only after it has checked the actor may add resolutions:
        # checked here, it would tell anyone which logins exist.
        return self.cleaned_data["owner_username"].strip()


class ResolutionMoveForm(InlineForm):
    note = NoteField(label=_("What was done, or why it is dropped"))


RESOLUTION_FORMS = {
    ResolutionAction.COMPLETE: ResolutionMoveForm,
    ResolutionAction.DROP: ResolutionMoveForm,
}
