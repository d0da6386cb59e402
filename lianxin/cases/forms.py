"""Forms for registering a case and for each workflow move; they only validate input."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.cases.models import (
    Case,
    Category,
    Channel,
    ClaimType,
    ReferralOutcome,
    Satisfaction,
    Urgency,
)
from lianxin.cases.routing import suggest_partner
from lianxin.cases.states import Action
from lianxin.core.forms import CHOOSE, NoteField, PhoneField, StyledForm
from lianxin.orgs.forms import clean_org_text
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import visible_orgs
from lianxin.orgs.selectors import partner_agencies


class CategoryField(forms.ModelChoiceField):
    """A category chosen by its name as people read it (`Category.label`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Category.objects.filter(is_active=True))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class WorkerContactForm(StyledForm):
    """Who raised the concern, unless they stay anonymous: then nothing of them is kept."""

    is_anonymous = forms.BooleanField(
        label=_("The worker wishes to stay anonymous"), required=False
    )
    worker_name = forms.CharField(label=_("Worker's name"), max_length=60, required=False)
    worker_phone = PhoneField(label=_("Worker's phone"))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("is_anonymous"):
            data["worker_name"] = data["worker_phone"] = ""
        return data


class RegisterCaseForm(WorkerContactForm):
    # The contact fields (declared on the base) come after what the worker said.
    field_order = ["origin_org", "channel", "category", "urgency", "title", "description"]

    origin_org = forms.ModelChoiceField(
        label=_("Where it arose"), queryset=Org.objects.none(),
        error_messages={"required": _("Choose the organisation where the concern arose.")},
    )  # fmt: skip
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", CHOOSE), *Channel.choices],
        error_messages={"required": _("Choose how the concern reached you.")},
    )  # fmt: skip
    category = CategoryField(
        label=_("Category"), error_messages={"required": _("Choose a category.")}
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ORDINARY
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("What the worker said"), widget=forms.Textarea(attrs={"rows": 5})
    )
    sms_consent = forms.BooleanField(label=_("Agrees to SMS notifications"), required=False)
    address = forms.CharField(label=_("Place"), max_length=200, required=False)
    claim_type = forms.ChoiceField(
        label=_("Accident claim type"), choices=[("", "—"), *ClaimType.choices], required=False
    )
    amount_claimed = forms.DecimalField(
        label=_("Amount claimed (yuan)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is not None:
            choices = orgs.exclude(kind=OrgKind.PARTNER).order_by("path")
            # Nothing is chosen for the user: a guessed org or channel would be saved unread.
            self.limit_choices("origin_org", choices)

    def clean(self):
        data = super().clean()
        if data.get("is_anonymous") or not data.get("worker_phone"):
            data["sms_consent"] = False
        if data.get("claim_type") and getattr(data.get("category"), "key", "") != "accident":
            self.add_error("claim_type", _("Claim types belong to accident cases only."))
        return data


class NoteForm(StyledForm):
    note = NoteField(label=_("Note"), required=False)


class RequiredNoteForm(StyledForm):
    note = NoteField(label=_("Reason"))


class ProgressForm(StyledForm):
    note = NoteField(label=_("What has been done"))
    public = forms.BooleanField(label=_("Show on the worker's timeline"), required=False)


class PartnerField(forms.ModelChoiceField):
    """A partner agency by its name; the one suggested for the case is marked as such."""

    suggested_pk: int | None = None

    def label_from_instance(self, obj: Any) -> str:
        if obj.pk == self.suggested_pk:
            return _("%(name)s (suggested)") % {"name": obj.name}
        return str(obj.name)


class ReferForm(StyledForm):
    partner = PartnerField(label=_("Partner agency"), queryset=Org.objects.none())
    note = NoteField(label=_("What the agency is asked to do"), required=False)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices("partner", partner_agencies())
        self.suggestion = suggest_partner(case) if case is not None else None
        if self.suggestion is not None:
            # Preselected and explained, never referred: the handler still presses the button.
            field = self.fields["partner"]
            field.suggested_pk = self.suggestion.partner.pk  # type: ignore[attr-defined]
            field.help_text = self.suggestion.reason
            self.initial.setdefault("partner", self.suggestion.partner.pk)


class ReportBackForm(StyledForm):
    note = NoteField(label=_("What your agency did"))
    outcome = forms.ChoiceField(
        label=_("Outcome of the referral"), choices=[("", CHOOSE), *ReferralOutcome.choices],
        error_messages={"required": _("Choose the outcome of the referral.")},
    )  # fmt: skip


class ResolveForm(StyledForm):
    note = NoteField(label=_("Result for the worker"))
    amount_paid = forms.DecimalField(
        label=_("Amount paid (yuan, accident cases)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )


class FeedbackForm(StyledForm):
    rating = forms.ChoiceField(
        label=_("The worker's satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = NoteField(label=_("Comment"), required=False)


class CorrectForm(StyledForm):
    """Only what is filled in changes; the reason goes on the timeline for colleagues."""

    category = CategoryField(label=_("Right category"), required=False)
    origin_org = forms.CharField(
        label=_("Right organisation (name or code)"), max_length=100, required=False
    )
    worker_phone = PhoneField(label=_("Right phone number"))
    note = NoteField(label=_("What is corrected and why"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_origin_org(self) -> Org | None:
        return clean_org_text(self.cleaned_data["origin_org"], visible_orgs(self.user))


ACTION_FORMS: dict[Action, type[forms.Form]] = {
    Action.ACCEPT: NoteForm,
    Action.REJECT: RequiredNoteForm,
    Action.START: NoteForm,
    Action.PROGRESS: ProgressForm,
    Action.REFER: ReferForm,
    Action.REPORT_BACK: ReportBackForm,
    Action.ESCALATE: RequiredNoteForm,
    Action.RESOLVE: ResolveForm,
    Action.FEEDBACK: FeedbackForm,
    Action.CLOSE: NoteForm,
    Action.REOPEN: RequiredNoteForm,
}


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("Photo or PDF (10 MB at most)"))
    public = forms.BooleanField(label=_("Show on the worker's timeline"), required=False)
