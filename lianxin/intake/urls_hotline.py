"""URLs of the intake feature 'hotline' (namespace `hotline`)."""

app_name = "hotline"
urlpatterns: list = []
