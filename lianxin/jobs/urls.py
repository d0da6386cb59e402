"""URLs of the jobs pages (namespace `jobs`, mounted at /jobs/)."""

from django.urls import path

from lianxin.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.post_list, name="list"),
    path("new/", views.post_new, name="post_new"),
    path("mine/", views.mine, name="mine"),
    path("applications/", views.queue, name="queue"),
    path(
        "applications/<int:application_id>/<str:action>/",
        views.application_move,
        name="application_move",
    ),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/<int:session_id>/viewers/", views.session_viewers, name="session_viewers"),
    path("<int:post_id>/", views.post_detail, name="post"),
    path("<int:post_id>/apply/", views.apply, name="apply"),
    path("<int:post_id>/<str:action>/", views.post_move, name="post_move"),
]
