"""Pages of the proposals app (namespace `proposals`)."""

app_name = "proposals"
urlpatterns: list = []
