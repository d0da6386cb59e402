"""Pages of the insights app (namespace `insights`)."""

from django.urls import path

from lianxin.insights import views

app_name = "insights"
urlpatterns = [
    path("suggest", views.suggest, name="suggest"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/<str:decision>", views.decide, name="decide"),
    path("topics/", views.topics, name="topics"),
    path("topics/adopt", views.adopt, name="adopt"),
    path("focus/<int:pk>/", views.focus, name="focus"),
]
