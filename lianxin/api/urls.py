"""The REST API under /api/ (placeholder until the API app is built)."""

urlpatterns: list = []
