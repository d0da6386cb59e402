"""URLs of the jobs pages (namespace `jobs`, mounted at /jobs/)."""

from django.urls import path  # noqa: F401  (the app's paths go below)

app_name = "jobs"
urlpatterns: list = []
