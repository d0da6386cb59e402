"""URLs of the members pages (namespace `members`, mounted at /members/)."""

from django.urls import path

from lianxin.members.views import registry, roster, work

app_name = "members"
urlpatterns = [
    path("", registry.registry, name="registry"),
    path("export/", registry.export, name="export"),
    path("people/<int:person_id>/", registry.person, name="person"),
    path("people/<int:person_id>/reveal/", registry.reveal, name="reveal"),
    path("applications/", work.pending, name="pending"),
    path("applications/<int:membership_id>/approve/", work.approve, name="approve"),
    path("applications/<int:membership_id>/reject/", work.reject, name="reject"),
    path("merge/", work.merge_list, name="merge_list"),
    path("merge/do/", work.merge, name="merge"),
    path("figures/", work.figures, name="figures"),
    path("check/<str:token>/", registry.check_card, name="check"),
    path("orgs/<str:code>/join-qr.svg", registry.join_qr_svg, name="join_qr_svg"),
    path("orgs/<str:code>/join-qr.png", registry.join_qr_png, name="join_qr_png"),
    path("roster/", roster.upload, name="roster"),
    path("roster/template.xlsx", roster.template, name="roster_template"),
]
