"""Pages of the cockpit app (namespace `cockpit`)."""

from django.urls import path

from lianxin.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<str:chart>.xlsx", views.export, name="export"),
    path("ask/", views.ask_page, name="ask"),
    path("areas/", views.areas_page, name="areas"),
    path("areas/<slug:key>/", views.area_page, name="area"),
]
