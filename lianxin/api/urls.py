"""The REST API under /api/ (OpenAPI at /api/openapi.json, docs at /api/docs)."""

from django.urls import path

from lianxin.api.root import api

urlpatterns = [path("", api.urls)]
