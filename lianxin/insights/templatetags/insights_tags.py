"""`{% load insights_tags %}{% topics_panel %}`: the high-frequency topics panel, for the cockpit."""

from django import template

from lianxin.insights.selectors import top_topics

register = template.Library()


@register.inclusion_tag("insights/_topics_panel.html", takes_context=True)
def topics_panel(context, limit: int = 5):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"topics": [], "snapshot": None}
    topics, snapshot = top_topics(user, limit)  # stored by a task: a page never clusters
    return {"topics": topics, "snapshot": snapshot}
