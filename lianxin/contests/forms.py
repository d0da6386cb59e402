"""Forms of the contest pages: they parse input for one service each, and hold no rules of their own."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.contests.models import Contest, ParticipantKind
from lianxin.contests.states import StageKind
from lianxin.core.forms import StyledForm
from lianxin.orgs.models import Org, OrgKind


def enterprises():
    return Org.objects.filter(kind=OrgKind.ENTERPRISE, is_active=True).order_by("name")


class ParticipantForm(StyledForm):
    kind = forms.ChoiceField(label=_("Entering as"), choices=ParticipantKind.choices)
    name = forms.CharField(label=_("Name of the worker or team"), max_length=80)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Org.objects.none())
    members = forms.CharField(
        label=_("Team members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name a line; members from the same enterprise."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises()

    def member_list(self) -> list[tuple[str, Org]]:
        names = [n.strip() for n in self.cleaned_data["members"].splitlines() if n.strip()]
        return [(n, self.cleaned_data["enterprise"]) for n in names]


class EntryForm(StyledForm):
    stage_kind = forms.ChoiceField(label=_("Stage"), choices=StageKind.choices)
    track = forms.ModelChoiceField(label=_("Track"), queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("Title of the result"), max_length=120)
    description = forms.CharField(
        label=_("What it changes"), widget=forms.Textarea(attrs={"rows": 4})
    )
    completed_on = forms.DateField(
        label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    first_applied_on = forms.DateField(
        label=_("In use since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed for the seeding stage: at least two years of application."),
    )
    benefit_claimed = forms.DecimalField(
        label=_("Economic benefit claimed (yuan)"),
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
    )
    attachment = forms.FileField(label=_("Attachment (photo or PDF)"), required=False)

    def __init__(self, *args, contest: Contest, finalist: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = contest.tracks.all()
        kinds = [s.kind for s in contest.stages.all() if finalist or s.kind != StageKind.FINAL]
        self.fields["stage_kind"].choices = [c for c in StageKind.choices if c[0] in kinds]


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ScoreForm(StyledForm):
    """One field per criterion, within its range."""

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        for c in contest.criteria.all():
            self.fields[f"c{c.pk}"] = forms.DecimalField(
                label=f"{c.name} ({c.min_score.normalize()}–{c.max_score.normalize()})",
                min_value=c.min_score,
                max_value=c.max_score,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
            )

    def marks(self) -> dict[int, Decimal]:
        return {int(k[1:]): v for k, v in self.cleaned_data.items()}


class ChallengeForm(StyledForm):
    org = forms.ModelChoiceField(label=_("Posted by"), queryset=Org.objects.none())
    title = forms.CharField(label=_("Problem"), max_length=120)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    reward = forms.CharField(label=_("Reward"), max_length=120)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class ClaimForm(StyledForm):
    team_name = forms.CharField(label=_("Team name"), max_length=80)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Org.objects.none())
    plan = forms.CharField(label=_("Solution plan"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises()


class NoteForm(StyledForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
