"""Jobs forms: a new post, a new 带岗直播 session, the viewers after it, a worker's note."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.jobs.models import JobPost
from lianxin.jobs.states import PostKind, WageUnit
from lianxin.orgs.models import Org

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PostForm(StyledForm):
    org = forms.ModelChoiceField(label=_("Posted through"), queryset=Org.objects.none())
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Org.objects.none())
    title = forms.CharField(label=_("Title"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices, initial=PostKind.REGULAR)
    wage_min = forms.IntegerField(label=_("Wage from (yuan)"), min_value=1)
    wage_max = forms.IntegerField(label=_("Wage up to (yuan)"), min_value=1)
    wage_unit = forms.ChoiceField(label=_("Wage unit"), choices=WageUnit.choices)
    place = forms.CharField(label=_("Place of work"), max_length=120)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, max_value=10_000)
    requirements = forms.CharField(
        label=_("Requirements"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    site = forms.CharField(
        label=_("Station code"), required=False, max_length=40,
        help_text=_("零工 short jobs only: the 工会驿站 where the job is offered, e.g. JZ-ST-01."),
    )  # fmt: skip
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=DATE,
        help_text=_("Required for a 零工 short job."),
    )  # fmt: skip
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    contact = forms.CharField(
        label=_("Union contact"), required=False, max_length=120,
        help_text=_("The union's office phone or desk; never the employer's private phone."),
    )  # fmt: skip

    def __init__(
        self, *args: Any, orgs: QuerySet[Org], enterprises: QuerySet[Org], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("org", orgs)
        self.limit_choices("enterprise", enterprises)


class SessionForm(StyledForm):
    org = forms.ModelChoiceField(label=_("Union"), queryset=Org.objects.none())
    title = forms.CharField(label=_("Title"), max_length=120)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=WHEN)
    host = forms.ModelChoiceField(label=_("Host"), queryset=User.objects.none())
    posts = forms.ModelMultipleChoiceField(
        label=_("Posts presented"), queryset=JobPost.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(
        self, *args: Any, orgs: QuerySet[Org], hosts: QuerySet[User], posts: QuerySet[JobPost],
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.limit_choices("org", orgs)
        self.limit_choices("host", hosts)
        self.limit_choices("posts", posts)
        self.fields["host"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]


class ViewersForm(StyledForm):
    viewers = forms.IntegerField(label=_("Viewers"), min_value=0, max_value=10_000_000)


class ApplyForm(StyledForm):
    note = forms.CharField(
        label=_("A word to the union (optional)"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
