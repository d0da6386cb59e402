"""`{% render_panel panel %}`: render a panel an app registered (core.panels) over the page's context."""

from django import template
from django.template import Context, Engine

from lianxin.core.panels import ShownPanel

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context: Context, panel: ShownPanel) -> str:
    engine = context.template.engine if context.template else Engine.get_default()
    with context.push(**panel.context):
        return engine.get_template(panel.template).render(
            context
        )  # a SafeString: not escaped again
