"""URLs of the activities pages (namespace `activities`, mounted at /activities/)."""

from django.urls import path  # noqa: F401  (the app's paths go below)

app_name = "activities"
urlpatterns: list = []
