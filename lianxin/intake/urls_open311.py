"""Open311 GeoReport v2 under /open311/v2/ (namespace `open311`).

Each resource takes the spec's format suffix, `.xml` or `.json`; without one it answers in XML,
the format the spec requires. Anything else under the prefix answers with the spec's 404 error.
"""

from django.urls import path, re_path

from lianxin.intake.open311 import views

FMT = r"(?:\.(?P<fmt>xml|json))?"

app_name = "open311"
urlpatterns = [
    path("", views.discovery, name="root"),
    re_path(rf"^discovery{FMT}$", views.discovery, name="discovery"),
    re_path(rf"^services{FMT}$", views.services, name="services"),
    re_path(rf"^services/(?P<service_code>[^/]+?){FMT}$", views.service_definition, name="service"),
    re_path(rf"^requests{FMT}$", views.requests, name="requests"),
    re_path(
        rf"^requests/(?P<service_request_id>[^/]+?){FMT}$", views.request_detail, name="request"
    ),
    re_path(rf"^tokens/(?P<token>[^/]+?){FMT}$", views.token, name="token"),
    re_path(rf"^(?P<path>.*?){FMT}$", views.unknown, name="unknown"),
]
