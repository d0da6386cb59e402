"""URLs of the intake feature 'visits' (namespace `visits`): 工会主席陪伴日 and 民意日记."""

from django.urls import path

from lianxin.intake.views import visits as views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("plan/", views.plan, name="plan"),
    path("summary/", views.summary, name="summary"),
    path("<int:day_id>/", views.detail, name="detail"),
    path("<int:day_id>/entries/", views.add_entry, name="add_entry"),
    path("<int:day_id>/complete/", views.complete, name="complete"),
    path("<int:day_id>/cancel/", views.cancel, name="cancel"),
    path("entries/<int:entry_id>/case/", views.raise_case, name="raise_case"),
]
