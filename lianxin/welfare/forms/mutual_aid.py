"""The mutual-aid forms: enrol one person, a roster, open a claim from a case, and the claim's moves."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.members.states import EmploymentForm
from lianxin.welfare.models.mutual_aid import Plan
from lianxin.welfare.states.mutual_aid import ClaimAction, ClaimKind, ClaimState

MAX_ROSTER_BYTES = 10 * 1024 * 1024
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


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
