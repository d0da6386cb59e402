"""Pages of the contests app (namespace `contests`)."""

from django.urls import path

from lianxin.contests import views

app_name = "contests"
urlpatterns = [
    path("", views.contest_list, name="list"),
    path("new/", views.new_contest, name="new"),
    path("<int:contest_id>/judges/", views.add_judge, name="add_judge"),
    path("<int:contest_id>/", views.contest_page, name="contest"),
    path("<int:contest_id>/tracks/<int:track_id>/", views.track_page, name="track"),
    path("<int:contest_id>/standings/", views.standings_page, name="standings"),
    path("<int:contest_id>/wall/", views.wall, name="wall"),
    path("<int:contest_id>/submit/", views.submit, name="submit"),
    path("<int:contest_id>/screening/", views.screening, name="screening"),
    path("<int:contest_id>/judging/", views.judging, name="judging"),
    path("<int:contest_id>/judging/<int:entry_id>/", views.score, name="score"),
    path("<int:contest_id>/finalists/", views.finalists, name="finalists"),
    path(
        "<int:contest_id>/stages/<int:stage_id>/<str:action>/",
        views.stage_action,
        name="stage_action",
    ),
    path("participants/<int:participant_id>/", views.trail, name="trail"),
    path(
        "entries/<int:entry_id>/files/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("challenges/", views.board, name="board"),
    path("challenges/new/", views.post_challenge, name="post_challenge"),
    path("challenges/<int:challenge_id>/", views.challenge, name="challenge"),
    path("challenges/<int:challenge_id>/claim/", views.claim, name="claim"),
    path("challenges/<int:challenge_id>/close/", views.close_challenge, name="close_challenge"),
    path(
        "challenges/<int:challenge_id>/claims/<int:claim_id>/<str:action>/",
        views.claim_action,
        name="claim_action",
    ),
]
