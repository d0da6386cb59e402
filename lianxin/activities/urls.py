"""URLs of the activities pages (namespace `activities`, mounted at /activities/)."""

from django.urls import path

from lianxin.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("organised/", views.organised, name="organised"),
    path("new/", views.activity_new, name="new"),
    path("figures/", views.figures, name="figures"),
    path("<int:activity_id>/", views.activity_detail, name="detail"),
    path("<int:activity_id>/signup/", views.sign_up, name="sign_up"),
    path("<int:activity_id>/roster/", views.roster, name="roster"),
    path("<int:activity_id>/sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views.session, name="session"),
    path("signups/<int:signup_id>/cancel/", views.cancel, name="cancel"),
    path("signups/<int:signup_id>/<str:action>/", views.move, name="move"),
]
