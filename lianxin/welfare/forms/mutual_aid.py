"""The mutual-aid forms: enrol one person, a roster, open a claim from a case, and the claim's moves."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.members.states import EmploymentForm
from lianxin.orgs.models import Org
from lianxin.welfare.models.mutual_aid import Plan
from lianxin.welfare.states.mutual_aid import Basis, ClaimAction, ClaimKind, ClaimState, Payer

MAX_ROSTER_BYTES = 10 * 1024 * 1024
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}
DATE = {"type": "date"}
ISO = "%Y-%m-%d"  # what <input type="date"> reads, whatever the language


class EnrolForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=40)
    id_number = forms.CharField(label=_("ID number"), max_length=24)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    employment_form = forms.ChoiceField(
        label=_("Employment form"), choices=EmploymentForm.choices, initial=EmploymentForm.RIDER
    )
    enrolled_on = forms.DateField(
        label=_("Enrolled on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Blank: today."),
    )  # fmt: skip


class EnrolmentRosterForm(StyledForm):
    file = forms.FileField(label=_("Roster (.xlsx or .csv)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ROSTER_BYTES:
            raise forms.ValidationError(_("The file is too large; split it into smaller files."))
        return upload


class OpenClaimForm(StyledForm):
    """开启互助理赔 from an accident case: the plan, and the ID number when the account is unknown."""

    plan = forms.ModelChoiceField(label=_("Mutual-aid plan"), queryset=Plan.objects.none())
    id_number = forms.CharField(
        label=_("Worker's ID number"), max_length=24, required=False,
        help_text=_("Needed when the worker did not raise the case from their own account."),
    )  # fmt: skip

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("plan", plans)


class ClaimFilterForm(StyledForm):
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ClaimState.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind of claim"), required=False, choices=[("", _("All")), *ClaimKind.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue"), required=False)


class AssessForm(StyledForm):
    loss = forms.DecimalField(label=_("Assessed loss (yuan)"), **MONEY)  # type: ignore[arg-type]
    disability_grade = forms.IntegerField(
        label=_("Disability grade (伤残等级, 1–10)"), required=False, min_value=1, max_value=10
    )


class AmountForm(StyledForm):
    """Approve or pay: the amount shown, confirmed as it is."""

    amount = forms.DecimalField(label="", widget=forms.HiddenInput, **MONEY)  # type: ignore[arg-type]


class RejectForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea({"rows": 2}))


class EmptyForm(StyledForm):
    pass


MOVE_FORMS: dict[str, type[StyledForm]] = {
    ClaimAction.COMPLETE_DOCUMENTS: EmptyForm,
    ClaimAction.ASSESS: AssessForm,
    ClaimAction.APPROVE: AmountForm,
    ClaimAction.PAY: AmountForm,
    ClaimAction.REJECT: RejectForm,
}


class PlanForm(StyledForm):
    """A new plan: its name, organising union (one the user may act in), period, contribution, payer."""

    name = forms.CharField(label=_("Plan name"), max_length=80)
    org = forms.ModelChoiceField(
        label=_("Organising union"), queryset=Org.objects.none(), to_field_name="code"
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(DATE, format=ISO))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(DATE, format=ISO))
    contribution = forms.DecimalField(label=_("Contribution per person (yuan)"), **MONEY)  # type: ignore[arg-type]
    payer = forms.ChoiceField(label=_("Paid by"), choices=Payer.choices)

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("org", orgs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The plan ends before it starts."))
        return data


class RuleForm(StyledForm):
    """One benefit rule: a fixed amount or a percent of the assessed loss, with its caps."""

    kind = forms.ChoiceField(
        label=_("Kind of claim"), choices=[("", _("(no rule)")), *ClaimKind.choices],
        required=False,
    )  # fmt: skip
    basis = forms.ChoiceField(label=_("Payout rule"), choices=Basis.choices, required=False)
    amount = forms.DecimalField(label=_("Fixed amount (yuan)"), required=False, **MONEY)  # type: ignore[arg-type]
    percent = forms.DecimalField(
        label=_("Percent of the loss"), required=False, max_digits=5, decimal_places=2,
        min_value=Decimal("0.01"), max_value=Decimal(100),
    )  # fmt: skip
    cap_per_claim = forms.DecimalField(label=_("Cap per claim"), required=False, **MONEY)  # type: ignore[arg-type]
    cap_per_year = forms.DecimalField(label=_("Cap per person per year"), required=False, **MONEY)  # type: ignore[arg-type]
    waiting_days = forms.IntegerField(
        label=_("Waiting period (days)"), required=False, min_value=0, max_value=3650
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("kind"):
            return data
        basis = data.get("basis")
        if basis == Basis.FIXED and data.get("amount") is None:
            self.add_error("amount", _("A fixed rule needs its amount."))
        if basis == Basis.PERCENT and data.get("percent") is None:
            self.add_error("percent", _("A percent rule needs its percent."))
        if not basis:
            self.add_error("basis", _("Choose a payout rule."))
        return data


class BaseRuleFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        kinds = [f.cleaned_data["kind"] for f in self.forms if f.cleaned_data.get("kind")]
        if not kinds:
            raise forms.ValidationError(_("Give at least one benefit rule."))
        if len(set(kinds)) != len(kinds):
            raise forms.ValidationError(_("One rule per kind of claim."))


RuleFormSet = forms.formset_factory(
    RuleForm, formset=BaseRuleFormSet, extra=len(ClaimKind.values), max_num=len(ClaimKind.values)
)
