"""URLs of the intake feature 'worker' (namespace `worker`)."""

app_name = "worker"
urlpatterns: list = []
