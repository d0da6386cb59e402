"""URLs of the worker's own pages (namespace `worker`, mounted at /w/): public, no login needed.

The receipt-verified case lives at case/… (no case number in the URL, so access logs do not tie an
address to a case); a signed-in worker's own named cases live at mine/<number>/….
"""

from django.urls import path

from lianxin.intake.views import worker as views
from lianxin.intake.views import worker_app

app_name = "worker"
urlpatterns = [
    path("", views.submit, name="submit"),
    path("submitted/", views.submitted, name="submitted"),
    path("sw.js", worker_app.service_worker, name="service_worker"),
    path("manifest.webmanifest", worker_app.manifest, name="manifest"),
    path("enterprises/", views.org_search, name="org_search"),
    path("status/", views.status, name="status"),
    path("status/leave/", views.leave, name="leave"),
    path("case/", views.case_page, name="case"),
    path("case/message/", views.case_message, name="case_message"),
    path("case/feedback/", views.case_feedback, name="case_feedback"),
    path("case/files/<int:attachment_id>/", views.case_file, name="case_file"),
    path("mine/", views.mine, name="mine"),
    path("mine/<str:number>/", views.mine_view(views.case_page), name="mine_case"),
    path("mine/<str:number>/message/", views.mine_view(views.case_message), name="mine_message"),
    path("mine/<str:number>/feedback/", views.mine_view(views.case_feedback), name="mine_feedback"),
    path(
        "mine/<str:number>/files/<int:attachment_id>/",
        views.mine_view(views.case_file),
        name="mine_file",
    ),
]
