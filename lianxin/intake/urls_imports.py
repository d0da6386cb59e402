"""URLs of the intake feature 'imports' (namespace `imports`): ledger import and data quality."""

from django.urls import path

from lianxin.intake.views import imports as views

app_name = "imports"
urlpatterns = [
    path("", views.imports, name="index"),
    path("template.xlsx", views.template, name="template"),
    path("quality/", views.quality_report, name="quality"),
    path("<int:batch_id>/", views.batch, name="batch"),
    path("<int:batch_id>/errors.xlsx", views.errors, name="errors"),
    path("<int:batch_id>/requeue/", views.requeue, name="requeue"),
]
