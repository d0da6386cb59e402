from django.urls import path

from lianxin.core import views_inbox

app_name = "inbox"

urlpatterns = [
    path("", views_inbox.inbox, name="list"),
    path("<int:pk>/", views_inbox.open_message, name="open"),
    path("read-all/", views_inbox.read_all, name="read_all"),
    path("settings/", views_inbox.channel_settings, name="settings"),
]
