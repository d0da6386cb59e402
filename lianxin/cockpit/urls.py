"""Pages of the cockpit app (namespace `cockpit`)."""

app_name = "cockpit"
urlpatterns: list = []
