"""Forms of the contest pages: they parse input for one service each, and hold no rules of their own."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from lianxin.contests.models import Contest, ParticipantKind, PointsScaling, ScreenerKind
from lianxin.contests.services import CriterionSpec, StageSpec
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


class ScreeningForm(ReasonForm):
    """A screening decision: which entry, pass or screen out, and why."""

    entry = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("pass", _("Pass this level")), ("fail", _("Screen out"))]
    )


class ScoreForm(StyledForm):
    """One field per criterion, within its range."""

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        for c in contest.criteria.all():
            self.fields[f"c{c.pk}"] = forms.DecimalField(
                label=f"{c.name} ({c.min_score.normalize():f}–{c.max_score.normalize():f})",
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


SCREENER_WORDS = {k.value: k for k in ScreenerKind}
DEFAULT_TRACKS = "\n".join(
    ["工艺技术革新", "设备工具改造", "管理服务优化", "安全环保节能", "数字智能应用"]
)
DEFAULT_CRITERIA = "创新性 40\n实用性 30\n效益性 30"
DEFAULT_SCREENING = "部门初审 enterprise\n小组复审 organiser\n专家评审 judges"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ContestForm(StyledForm):
    """A contest in one form: lists one item a line; a stage is included when both times are set."""

    owner_org = forms.ModelChoiceField(label=_("Organiser"), queryset=Org.objects.none())
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    is_public = forms.BooleanField(label=_("Public contest"), required=False, initial=True)
    tracks = forms.CharField(
        label=_("Tracks (one a line)"),
        initial=DEFAULT_TRACKS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    criteria = forms.CharField(
        label=_("Criteria (name, highest score, optional weight; one a line)"),
        initial=DEFAULT_CRITERIA,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    screening = forms.CharField(
        label=_("Screening levels in order (name, then enterprise / organiser / judges)"),
        initial=DEFAULT_SCREENING,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    finalists_count = forms.IntegerField(label=_("Finalists"), min_value=1, initial=10)
    points_weight = forms.DecimalField(
        label=_("Weight of points"), initial=Decimal("0.60"), min_value=0, max_value=1
    )
    final_weight = forms.DecimalField(
        label=_("Weight of the final"), initial=Decimal("0.40"), min_value=0, max_value=1
    )
    points_scaling = forms.ChoiceField(label=_("Points scaling"), choices=PointsScaling.choices)
    scale_to = forms.DecimalField(label=_("Scale points to"), initial=Decimal(100), min_value=1)
    trim_from_judges = forms.IntegerField(
        label=_("Trimmed mean from this many judges (0: never)"), initial=5, min_value=0
    )
    normalise_judges = forms.BooleanField(label=_("Normalise each judge's scores"), required=False)
    min_seeding_years = forms.IntegerField(
        label=_("Years of application for a seeding entry"), initial=2, min_value=0
    )

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_org"].queryset = orgs
        for kind, label in StageKind.choices:
            for edge, word in (("opens", _("opens")), ("closes", _("closes"))):
                self.fields[f"{kind}_{edge}"] = forms.DateTimeField(
                    label=f"{label} · {word}",
                    required=False,
                    widget=forms.DateTimeInput(
                        attrs={"type": "datetime-local", "class": "form-control"}
                    ),
                )

    def clean_criteria(self) -> list[CriterionSpec]:
        specs = []
        for line in _lines(self.cleaned_data["criteria"]):
            parts = line.split()
            try:
                numbers = [Decimal(p) for p in parts[1:]]
            except InvalidOperation:
                numbers = []
            if len(parts) not in (2, 3) or len(numbers) != len(parts) - 1:
                raise forms.ValidationError(
                    _("Write each criterion as: name highest-score [weight].")
                )
            specs.append(CriterionSpec(parts[0], numbers[0], *(numbers[1:] or [Decimal(1)])))
        return specs

    def clean_screening(self) -> list[tuple[str, str]]:
        levels = []
        for line in _lines(self.cleaned_data["screening"]):
            name, _sep, word = line.rpartition(" ")
            if not name or word not in SCREENER_WORDS:
                raise forms.ValidationError(
                    _("Write each level as: name enterprise|organiser|judges.")
                )
            levels.append((name.strip(), SCREENER_WORDS[word].value))
        return levels

    def service_arguments(self) -> dict:
        d = dict(self.cleaned_data)
        stages = []
        for kind in StageKind.values:
            opens, closes = d.pop(f"{kind}_opens"), d.pop(f"{kind}_closes")
            if opens and closes:
                stages.append(StageSpec(kind, opens, closes))
        return {**d, "tracks": _lines(d["tracks"]), "stages": stages}


class JudgeForm(StyledForm):
    track = forms.ModelChoiceField(label=_("Track"), queryset=None)  # type: ignore[arg-type]
    username = forms.CharField(label=_("Judge's user name"), max_length=150)
    enterprise = forms.ModelChoiceField(
        label=_("Works at (for conflicts of interest)"), queryset=Org.objects.none(), required=False
    )

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = contest.tracks.all()
        self.fields["enterprise"].queryset = enterprises()

    def clean_username(self) -> User:
        user = User.objects.filter(username=self.cleaned_data["username"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No such user."))
        return user
