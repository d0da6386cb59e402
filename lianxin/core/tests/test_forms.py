"""core.forms: every form built on StyledForm (or CleanTextMixin) drops control characters."""

from django import forms
from django.http import QueryDict

from lianxin.core.forms import CleanTextMixin, StyledForm


class ConcernForm(StyledForm):
    title = forms.CharField(max_length=10)
    body = forms.CharField(widget=forms.Textarea)
    tags = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)


class PlainForm(CleanTextMixin, forms.Form):
    name = forms.CharField()


def test_posted_text_loses_control_characters_but_keeps_tabs_and_newlines() -> None:
    # given a POST whose texts hold control characters (a pasted escape, a NUL)
    data = QueryDict(mutable=True)
    data.update({"title": "加班\x01费", "body": "第一行\r\n第二行\t\x1b[31m"})
    data.setlist("tags", ["a\x00", "b"])
    # when the form validates it
    form = ConcernForm(data)
    # then the texts are kept without the control characters
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "加班费"
    assert form.cleaned_data["body"] == "第一行\r\n第二行\t[31m"
    assert form.cleaned_data["tags"] == ["a", "b"]
    assert data["title"] == "加班\x01费"  # the request's own data is left as it came


def test_a_plain_dict_given_as_data_keyword_is_cleaned_too() -> None:
    form = PlainForm(data={"name": "\x07张\x08三"})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "张三"


def test_an_unbound_form_stays_unbound() -> None:
    assert not StyledForm().is_bound
