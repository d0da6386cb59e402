"""URLs of the stations pages (namespace `stations`, mounted at /stations/)."""

from django.urls import path  # noqa: F401  (the app's paths go below)

app_name = "stations"
urlpatterns: list = []
