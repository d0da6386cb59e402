"""Forms of the worker's own page. They only validate input; text is kept exactly as written."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.cases.forms import CategoryField
from lianxin.cases.models import Satisfaction
from lianxin.core.forms import PhoneField, StyledForm
from lianxin.intake.services import worker as worker_services
from lianxin.intake.services.submission_keys import new_key

PHOTO_TYPES = "image/jpeg,image/png,image/webp"
MAX_TEXT = 5000


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; each is checked by its bytes in the service."""

    def __init__(self, **kwargs):
        attrs = {"accept": PHOTO_TYPES, "multiple": True}
        kwargs.setdefault("widget", MultiplePhotoInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        one = super().clean
        return [one(f, initial) for f in files if f]


class ConcernForm(StyledForm):
    enterprise = forms.ModelChoiceField(
        label=_("Your enterprise"),
        queryset=worker_services.enterprises(),
        to_field_name="code",
        error_messages={
            "required": _("Search for your enterprise and choose it."),
            "invalid_choice": _("Search for your enterprise and choose it."),
        },
    )
    category = CategoryField(
        label=_("What is it about?"),
        queryset=worker_services.worker_categories(),
        to_field_name="key",
        required=False,
        empty_label=_("Not sure (the union will sort it)"),
    )
    description = forms.CharField(
        label=_("Your concern"),
        strip=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, where, since when, and what you would like done."),
    )
    photos = PhotosField(label=_("Photos (optional, up to 5)"))
    share_location = forms.BooleanField(label=_("Share my location"), required=False)
    latitude = forms.DecimalField(
        min_value=-90, max_value=90, required=False, widget=forms.HiddenInput
    )
    longitude = forms.DecimalField(
        min_value=-180, max_value=180, required=False, widget=forms.HiddenInput
    )
    address = forms.CharField(label=_("Place (optional)"), max_length=200, required=False)
    identity = forms.ChoiceField(
        label=_("Who is raising it"),
        choices=[("anonymous", _("Stay anonymous")), ("named", _("Give my name and phone"))],
        initial="anonymous",
        widget=forms.RadioSelect,
    )
    worker_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    worker_phone = PhoneField(label=_("Your phone"))
    sms_consent = forms.BooleanField(label=_("Agrees to SMS notifications"), required=False)
    # The form's one-time key: sending the same form twice makes one case (submission_keys).
    submission_key = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{20,64}$", required=False, widget=forms.HiddenInput
    )

    # The station a QR link raised it at (cases.hooks.Site): then the station's union is asked,
    # and no enterprise need be chosen.
    site = forms.CharField(max_length=32, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, site=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission_key", new_key())
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["maxlength"] = MAX_TEXT
        if site is not None:
            self.fields["enterprise"].required = False
            self.initial["site"] = site.code

    def clean_description(self):
        text = self.cleaned_data["description"]
        if not text.strip():
            raise forms.ValidationError(_("Describe your concern."))
        return text

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("identity") == "anonymous":
            # Whatever was typed into the name fields is dropped here, before any service sees it.
            data["worker_name"] = data["worker_phone"] = ""
            data["sms_consent"] = False
        else:
            for field in ("worker_name", "worker_phone"):
                if not (data.get(field) or "").strip() and field not in self.errors:
                    self.add_error(field, _("Needed when you give your name."))
        if not data.get("share_location"):
            data["latitude"] = data["longitude"] = None
            data["address"] = ""
        return data

    def location(self) -> worker_services.Location | None:
        data = self.cleaned_data
        if not data.get("share_location"):
            return None
        return worker_services.Location(
            latitude=data.get("latitude"), longitude=data.get("longitude"), address=data["address"]
        )


class ReceiptForm(StyledForm):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "XXXX-XXXX-XXXX-XXXX-XXXX",
            }
        ),
    )


class MessageForm(StyledForm):
    text = forms.CharField(
        label=_("Your message"),
        strip=False,
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField(label=_("Photos (optional, up to 5)"))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not (data.get("text") or "").strip() and not data.get("photos"):
            raise forms.ValidationError(_("Write a message or add a photo."))
        return data


class WorkerFeedbackForm(StyledForm):
    rating = forms.ChoiceField(
        label=_("Are you satisfied with the result?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        strip=False,
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
