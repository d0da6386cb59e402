"""URLs of the skills pages (namespace `skills`, mounted at /skills/)."""

from django.urls import path

from lianxin.skills import views

app_name = "skills"
urlpatterns = [
    path("", views.totals, name="totals"),
    path("mine/", views.mine, name="mine"),
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/new/", views.certificate_new, name="certificate_new"),
]
