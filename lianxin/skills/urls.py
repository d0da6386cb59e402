"""URLs of the skills pages (namespace `skills`, mounted at /skills/)."""

from django.urls import path  # noqa: F401  (the app's paths go below)

app_name = "skills"
urlpatterns: list = []
