"""URLs of the intake feature 'visits' (namespace `visits`)."""

app_name = "visits"
urlpatterns: list = []
