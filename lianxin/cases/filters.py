"""One filter for the ledger, shared by the page, the Excel export and the API list."""

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lianxin.cases import search
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.models import Case, Category, Channel, ClaimType, Urgency
from lianxin.cases.permissions import cases_in_subtrees_q
from lianxin.cases.states import OPEN_STATES, Status
from lianxin.core.forms import StyledForm
from lianxin.orgs.forms import clean_org_text
from lianxin.orgs.models import Org

# Dates a ledger can hold; beyond them a day's end would overflow the calendar (9999-12-31).
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)
DATE_RANGE = [MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)]

ORG_CHOICES = 20  # orgs offered when the words match several

OPEN = "open"  # a status filter for every state not yet resolved (what the cockpit counts as open)

SORTS = {
    "-registered_at": _("Newest first"),
    "registered_at": _("Oldest first"),
    "resolution_due": _("Deadline soonest"),
    "-resolution_due": _("Deadline latest"),
    "number": _("Case number"),
    "status": _("Status"),
}


@dataclass
class CaseFilter:
    status: str = ""
    category: str = ""
    channel: str = ""
    urgency: str = ""
    claim_type: str = ""
    overdue: bool = False
    org: Org | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    sort: str = "-registered_at"

    def apply(self, qs: QuerySet[Case], *, now: datetime) -> QuerySet[Case]:
        if self.status == OPEN:
            qs = qs.filter(status__in=OPEN_STATES)
        elif self.status:
            qs = qs.filter(status=self.status)
        if self.category:
            qs = qs.filter(category__key=self.category)
        if self.channel:
            qs = qs.filter(channel=self.channel)
        if self.urgency:
            qs = qs.filter(urgency=self.urgency)
        if self.claim_type:
            qs = qs.filter(claim_type=self.claim_type)
        if self.overdue:
            qs = qs.filter(overdue_q(now))
        if self.org is not None:
            qs = qs.filter(in_org_q(self.org))
        if self.date_from:
            qs = qs.filter(registered_at__gte=day_start(self.date_from))
        if self.date_to:
            qs = qs.filter(registered_at__lt=day_start(self.date_to + timedelta(days=1)))
        if self.q:
            qs = search.matching(qs, self.q)
        return qs.order_by(*self.order)

    @property
    def order(self) -> tuple[str, str]:
        return (self.sort if self.sort in SORTS else "-registered_at", "-id")

    def as_query(self) -> dict[str, str]:
        """The filter as URL parameters (for pagination links and the export link)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "", False):
                continue
            out[f.name] = (
                value.code if isinstance(value, Org) else ("1" if value is True else str(value))
            )
        return out


def day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=BEIJING)


def overdue_q(now: datetime) -> Q:
    """Overdue, derived: still open past the resolution deadline, or unanswered past the response one."""
    return Q(status__in=OPEN_STATES, resolution_due__lt=now) | Q(
        status=Status.REGISTERED, response_due__lt=now
    )


def in_org_q(org: Org) -> Q:
    """Cases that arose in or are owned by the org's subtree."""
    return cases_in_subtrees_q([org.path])


class CaseFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Number, title, words in the description")}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All states")), (OPEN, _("Open (not yet resolved)")), *Status.choices],
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices]
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices]
    )
    claim_type = forms.ChoiceField(
        label=_("Claim type"),
        required=False,
        choices=[("", _("Any claim type")), *ClaimType.choices],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    org = forms.CharField(label=_("Organisation (name or code)"), required=False)
    date_from = forms.DateField(
        label=_("Registered from"), required=False, validators=DATE_RANGE,
        widget=forms.DateInput(attrs={"type": "date", "min": FIRST_DAY, "max": LAST_DAY}),
    )  # fmt: skip
    date_to = forms.DateField(
        label=_("Registered to"), required=False, validators=DATE_RANGE,
        widget=forms.DateInput(attrs={"type": "date", "min": FIRST_DAY, "max": LAST_DAY}),
    )  # fmt: skip
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=list(SORTS.items()))

    def __init__(self, *args, visible_orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._visible_orgs = visible_orgs
        self.org_choices: list[Org] = []
        self.fields["category"].choices = [("", _("All categories"))] + [  # type: ignore[attr-defined]
            (c.key, c.label) for c in Category.objects.filter(is_active=True)
        ]

    def clean_org(self) -> Org | None:
        """One org by code or name; several that contain the words are offered to choose from."""
        scope = self._visible_orgs if self._visible_orgs is not None else Org.objects.none()
        value = self.cleaned_data["org"].strip()
        try:
            return clean_org_text(value, scope)
        except forms.ValidationError:
            matches = Q(name__icontains=value) | Q(short_name__icontains=value)
            self.org_choices = list(scope.filter(matches).order_by("path")[:ORG_CHOICES])
            if len(self.org_choices) == 1:
                return self.org_choices[0]
            if self.org_choices:
                raise forms.ValidationError(
                    _("“%(v)s” matches several organisations. Choose one:") % {"v": value}
                ) from None
            raise

    def to_filter(self) -> CaseFilter:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return CaseFilter(**data)
