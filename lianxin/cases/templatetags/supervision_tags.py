"""The case page's 督办 panel reads its own context: `{% case_supervision_panel case as sup %}`."""

from typing import Any

from django import template

from lianxin.cases.models import Case
from lianxin.cases.views_supervision import panel_context

register = template.Library()


@register.simple_tag(takes_context=True)
def case_supervision_panel(context: template.Context, case: Case) -> dict[str, Any]:
    """The case's supervision state and the actions this user may take on it now."""
    return panel_context(context["request"].user, case)
