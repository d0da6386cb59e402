"""URLs of the intake feature 'hotline' (namespace `hotline`)."""

from django.urls import path

from lianxin.intake.views import hotline as views

app_name = "hotline"
urlpatterns = [
    path("", views.take_call, name="take_call"),
    path("enterprises/", views.suggest, name="suggest"),
]
