"""The user's API tokens page (namespace `tokens`)."""

app_name = "tokens"
urlpatterns: list = []
