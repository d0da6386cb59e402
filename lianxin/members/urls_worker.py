"""URLs of joining the union on a phone (namespace `join`, mounted at /w/join/)."""

from django.urls import path

from lianxin.members.views import join

app_name = "join"
urlpatterns = [
    path("", join.mine, name="mine"),
    path("<str:code>/", join.apply, name="apply"),
    path("<str:code>/applied/", join.applied, name="applied"),
]
