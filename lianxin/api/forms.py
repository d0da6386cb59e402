"""The form of the tokens page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm


class TokenForm(StyledForm):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “district reporting script”."),
    )
