"""The hardship pages' forms: the list filter, a new file with its household, a visit, a payment."""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.orgs.models import Org, OrgKind
from lianxin.welfare.states.hardship import (
    AidKind,
    Cause,
    FileState,
    Health,
    Level,
    Relation,
    Work,
)

ANY = [("", _("Any"))]
DATE = {"type": "date"}
ISO = "%Y-%m-%d"  # what <input type="date"> reads, whatever the language


class FileFilterForm(StyledForm):
    org = forms.ModelChoiceField(
        label=_("Organisation (with the unions below it)"),
        queryset=Org.objects.none(),
        to_field_name="code",
        required=False,
    )
    level = forms.ChoiceField(label=_("Level"), choices=ANY + list(Level.choices), required=False)
    state = forms.ChoiceField(
        label=_("State"), choices=ANY + list(FileState.choices), required=False
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("org", orgs.exclude(kind__in=[OrgKind.TEAM, OrgKind.PARTNER]))

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {k: data.get(k) or v for k, v in {"org": None, "level": "", "state": ""}.items()}


class NewFileForm(StyledForm):
    org = forms.ModelChoiceField(
        label=_("Holding union"), queryset=Org.objects.none(), to_field_name="code"
    )
    name = forms.CharField(label=_("Full name"), max_length=40)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    causes = forms.MultipleChoiceField(
        label=_("Causes"), choices=Cause.choices, widget=forms.CheckboxSelectMultiple
    )
    income_per_head = forms.DecimalField(
        label=_("Monthly income per head (yuan)"), min_value=Decimal(0), max_digits=10,
        decimal_places=2,
    )  # fmt: skip

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("org", orgs.filter(kind__in=[OrgKind.ENTERPRISE, OrgKind.UNION]))


class HouseholdForm(StyledForm):
    """One household member: relation, birth year, health, work (no name)."""

    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices, required=False)
    birth_year = forms.IntegerField(
        label=_("Birth year"), min_value=1900, max_value=2100, required=False
    )
    health = forms.ChoiceField(label=_("Health"), choices=Health.choices, required=False)
    work = forms.ChoiceField(label=_("Work"), choices=Work.choices, required=False)


HouseholdFormSet = forms.formset_factory(HouseholdForm, extra=4, max_num=20)


class VisitForm(StyledForm):
    visited_on = forms.DateField(
        label=_("Visited on"), widget=forms.DateInput(attrs=DATE, format=ISO)
    )
    visitors = forms.ModelMultipleChoiceField(
        label=_("Who went"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You, if nobody is chosen."),
    )  # fmt: skip
    findings = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 3}))
    next_due = forms.DateField(
        label=_("Next visit due"), required=False, widget=forms.DateInput(attrs=DATE, format=ISO),
        help_text=_("By the level's rule if left empty."),
    )  # fmt: skip

    def __init__(self, *args: Any, visitors: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("visitors", visitors)
        self.fields["visitors"].label_from_instance = (  # type: ignore[attr-defined]
            lambda u: u.get_full_name() or u.get_username()
        )


class PaymentRequestForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of aid"), choices=AidKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )


class PayForm(StyledForm):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs=DATE, format=ISO))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
