"""The members pages' forms: the registry's filter, the join form, the chair's decisions, the roster."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lianxin.core import idcard
from lianxin.core.forms import StyledForm
from lianxin.core.phones import normalise_phone
from lianxin.members.services.roster import MAX_ROSTER_BYTES
from lianxin.members.states import EmploymentForm, State
from lianxin.orgs.models import Org, OrgKind

ANY = [("", _("Any"))]


class RegistryFilterForm(StyledForm):
    """The registry's filter; every field optional (an empty form lists everything in scope)."""

    org = forms.ModelChoiceField(
        label=_("Organisation (with the unions below it)"),
        queryset=Org.objects.none(),
        to_field_name="code",
        required=False,
    )
    state = forms.ChoiceField(label=_("State"), choices=ANY + list(State.choices), required=False)
    employment_form = forms.ChoiceField(
        label=_("Employment form"), choices=ANY + list(EmploymentForm.choices), required=False
    )
    joined_from = forms.DateField(
        label=_("Joined from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    joined_to = forms.DateField(
        label=_("Joined until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(
        label=_("Full name, phone, ID or card number"), required=False, max_length=40
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("org", orgs.exclude(kind__in=[OrgKind.TEAM, OrgKind.PARTNER]))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("joined_from"), data.get("joined_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first date is after the second."))
        return data

    def filters(self) -> dict[str, Any]:
        """The keyword arguments of selectors.member_list ({} for an unbound or invalid form)."""
        if not self.is_bound or not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "org": d["org"], "state": d["state"], "employment_form": d["employment_form"],
            "joined_from": d["joined_from"], "joined_to": d["joined_to"], "q": d["q"],
        }  # fmt: skip


class JoinForm(StyledForm):
    """入会申请 on a phone: the phone number first, then who the worker is and where they work."""

    phone = forms.CharField(
        label=_("Mobile phone"), max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    name = forms.CharField(label=_("Full name"), max_length=40)
    id_number = forms.CharField(
        label=_("Resident ID number"), max_length=24,
        help_text=_("Stored encrypted; shown to the union only masked."),
    )  # fmt: skip
    employment_form = forms.ChoiceField(label=_("I work as"), choices=EmploymentForm.choices)
    platform_or_employer = forms.CharField(
        label=_("Platform or employer"), max_length=120, required=False,
        help_text=_("e.g. 美团, 饿了么, 顺丰, or your company's name"),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_(
            "I agree that the union keeps my name, phone and ID number to manage my membership, "
            "and uses them for nothing else."
        ),
        error_messages={"required": _("Tick the box to agree, or the union cannot register you.")},
    )

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValueError:
            raise forms.ValidationError(_("The phone number is not valid.")) from None

    def clean_id_number(self) -> str:
        number = idcard.normalise_id_number(self.cleaned_data["id_number"])
        if idcard.id_number_problem(number) is not None:
            raise forms.ValidationError(
                _("The ID number is not a valid 18-character resident ID number.")
            )
        return number


class RejectForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevealForm(StyledForm):
    purpose = forms.CharField(
        label=_("Why the full number is needed"), max_length=120,
        initial=_("Verify identity"),
    )  # fmt: skip


class MergeForm(StyledForm):
    survivor = forms.IntegerField(widget=forms.HiddenInput)
    duplicate = forms.IntegerField(widget=forms.HiddenInput)


class RosterForm(StyledForm):
    """集中入会: the roster file and the union its rows join (a row may name a union below it)."""

    org = forms.ModelChoiceField(
        label=_("Union"), queryset=Org.objects.none(), to_field_name="code"
    )
    file = forms.FileField(label=_("Roster (.xlsx or .csv)"))
    joined_on = forms.DateField(
        label=_("Joined on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Blank: today."),
    )  # fmt: skip

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("org", orgs)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ROSTER_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split it into smaller files.")
                % {"mb": MAX_ROSTER_BYTES // (1024 * 1024)}
            )
        return upload

    def clean_joined_on(self) -> date | None:
        return self.cleaned_data.get("joined_on")
