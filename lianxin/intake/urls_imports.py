"""URLs of the intake feature 'imports' (namespace `imports`)."""

app_name = "imports"
urlpatterns: list = []
