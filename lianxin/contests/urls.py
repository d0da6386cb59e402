"""Pages of the contests app (namespace `contests`)."""

app_name = "contests"
urlpatterns: list = []
