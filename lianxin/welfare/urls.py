"""URLs of the welfare pages (namespace `welfare`, mounted at /welfare/): one module per area."""

app_name = "welfare"
urlpatterns: list = []
