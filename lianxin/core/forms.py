"""Form styling shared by every app: Bootstrap classes set once, here, instead of in each template.
And the one input rule every form keeps: submitted text loses its control characters."""

from typing import Any, cast

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from lianxin.core.text import NOTE_MAX_LENGTH, NOTE_TOO_LONG, strip_controls

DASHES = "---------"  # Django's empty choice, which reads as nothing to a person
CHOOSE = _("Choose…")


class PhoneField(forms.RegexField):
    """A phone number as people type it: digits, spaces, + and - (5 to 20 of them), optional by default."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"invalid": _("Enter a phone number of digits only.")})
        super().__init__(regex=r"^[0-9+\- ]{5,20}$", **kwargs)


def without_controls(data: Any) -> Any:
    """Submitted data with every text value's control characters removed (core.text)."""
    if isinstance(data, MultiValueDict):  # request.POST / request.GET
        clean = data.copy()
        for key, values in data.lists():
            clean.setlist(key, [_strip(v) for v in values])
        return clean
    if isinstance(data, dict):
        return {
            k: [_strip(x) for x in v] if isinstance(v, list) else _strip(v) for k, v in data.items()
        }
    return data


def _strip(value: Any) -> Any:
    return strip_controls(value) if isinstance(value, str) else value


def error_texts(form: forms.BaseForm) -> list[str]:
    """Every error of a bound form as the sentences a person reads (for messages on redirect)."""
    return [str(text) for errors in form.errors.values() for text in errors]


class CleanTextMixin:
    """Put before forms.Form or forms.ModelForm: the bound data is cleaned of control characters
    before any field sees it (they break Excel exports, XML feeds and PostgreSQL's text)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            args = (without_controls(args[0]), *args[1:])
        elif kwargs.get("data") is not None:
            kwargs["data"] = without_controls(kwargs["data"])
        super().__init__(*args, **kwargs)


class NoteField(forms.CharField):
    """A journal note (a reason, a result, a comment): a text area of at most NOTE_MAX_LENGTH."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", NOTE_MAX_LENGTH)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)
        self.error_messages["max_length"] = NOTE_TOO_LONG


class StyledForm(CleanTextMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            _name_empty_choice(field)

    def limit_choices(self, name: str, queryset: Any) -> None:
        """Offer only `queryset` in the choice field `name` (the rows this user may pick)."""
        cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset


def _name_empty_choice(field: forms.Field) -> None:
    """The empty choice reads "请选择", not Django's "---------"."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES:
            field.empty_label = CHOOSE
    elif isinstance(field, forms.ChoiceField):
        choices = list(cast(list[tuple[Any, Any]], field.choices))
        if any(value == "" and label == DASHES for value, label in choices):
            field.choices = [
                (v, CHOOSE if v == "" and lbl == DASHES else lbl) for v, lbl in choices
            ]
