"""The hotline entry form: fields in the order an operator asks a caller, all reachable by keyboard."""

from typing import cast

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from lianxin.cases.models import Category, Urgency
from lianxin.core.forms import PhoneField, StyledForm
from lianxin.orgs.models import Org

DATALIST_ID = "hotline-enterprises"


class CategoryChoice(forms.ModelChoiceField):
    """Options read “3 · 社会保险”: typing the number in the focused list picks the category."""

    def label_from_instance(self, obj: Category) -> str:
        return f"{self.positions.get(obj.pk, '?')} · {obj.label}"

    @property
    def positions(self) -> dict[int, int]:
        if not hasattr(self, "_positions"):
            pks = cast(QuerySet, self.queryset).values_list("pk", flat=True)
            self._positions = {pk: n for n, pk in enumerate(pks, start=1)}
        return self._positions


class HotlineForm(StyledForm):
    caller_phone = PhoneField(
        label=_("Caller's phone"),
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "tel", "autocomplete": "off"}
        ),
    )
    anonymous = forms.BooleanField(label=_("The caller wishes to stay anonymous"), required=False)
    sms_consent = forms.BooleanField(label=_("Agrees to SMS notifications"), required=False)
    enterprise = forms.CharField(
        label=_("Caller's enterprise"),
        max_length=120,
        error_messages={"required": _("Enter the enterprise the caller works in.")},
        widget=forms.TextInput(
            attrs={
                "list": DATALIST_ID,
                "autocomplete": "off",
                # htmx refreshes the suggestions while the operator types (big federations).
                "hx-get": reverse_lazy("hotline:suggest"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{DATALIST_ID}",
            }
        ),
    )
    category = CategoryChoice(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        empty_label=_("— type its number —"),
        error_messages={"required": _("Choose a category.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ORDINARY
    )
    description = forms.CharField(
        label=_("What the caller said"),
        error_messages={"required": _("Write down what the caller said.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, enterprises: QuerySet[Org], **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprises = enterprises

    def clean_enterprise(self) -> Org:
        """The enterprise by exact name, short name or code, or the only one whose name contains the text."""
        text = " ".join(self.cleaned_data["enterprise"].split())
        exact = self.enterprises.filter(Q(name=text) | Q(short_name=text) | Q(code__iexact=text))
        matches = list(exact[:2]) or list(
            self.enterprises.filter(Q(name__icontains=text) | Q(short_name__icontains=text))[:2]
        )
        if not matches:
            raise forms.ValidationError(
                _("No enterprise you take calls for is called “%(text)s”.") % {"text": text}
            )
        if len(matches) > 1:
            raise forms.ValidationError(
                _("“%(text)s” matches several enterprises: pick one from the list.")
                % {"text": text}
            )
        return matches[0]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("anonymous"):
            # An anonymous case keeps no personal data at all, so a mistyped phone does not matter.
            data["caller_phone"] = ""
            data["sms_consent"] = False
            self.errors.pop("caller_phone", None)
        elif not data.get("caller_phone") and "caller_phone" not in self.errors:
            self.add_error(
                "caller_phone", _("Enter the caller's phone, or mark the caller as anonymous.")
            )
        return data

    def full_clean(self):
        """Mark the fields in error so they show red and screen readers announce the message."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def service_args(self) -> dict:
        """The cleaned input under the names `take_call` expects."""
        return dict(self.cleaned_data)
