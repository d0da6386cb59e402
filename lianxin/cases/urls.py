from django.urls import path

from lianxin.cases import views, views_supervision

app_name = "cases"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.register, name="register"),
    path("supervision/", views_supervision.board, name="supervision"),
    path("supervision/urge/", views_supervision.bulk_urge, name="supervision_urge"),
    path("<str:number>/supervise/<str:what>/", views_supervision.case_action, name="supervise"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/attach/", views.attach, name="attach"),
    path("<str:number>/correct/", views.correct, name="correct"),
    path("<str:number>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<str:number>/<str:action>/", views.act, name="act"),
]
