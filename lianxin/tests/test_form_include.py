"""The one form include (templates/_form.html), shared by the proposal and contest pages."""

from pathlib import Path

from django import forms
from django.template.loader import render_to_string

LIANXIN = Path(__file__).resolve().parents[1]


class TitleForm(forms.Form):
    title = forms.CharField(label="标题", help_text="一句话说清楚")

    def clean(self):
        raise forms.ValidationError("提交已截止")


def test_the_form_include_shows_each_field_with_its_label_help_and_errors_and_the_refusal():
    # given a bound form refused as a whole and missing its one field
    form = TitleForm({"title": ""})
    form.is_valid()
    # when it is laid out by the shared include
    html = render_to_string("_form.html", {"form": form})
    # then the refusal, the label, the help text and the field's error all show
    assert 'data-testid="form-error">提交已截止</div>' in html
    assert f'for="{form["title"].id_for_label}">标题</label>' in html
    assert "一句话说清楚" in html
    assert str(form["title"].errors[0]) in html


def test_no_app_keeps_a_form_include_of_its_own():
    own = sorted(
        p.relative_to(LIANXIN).as_posix() for p in LIANXIN.glob("*/templates/*/_form.html")
    )
    assert own == []
