"""Pages of the proposals app (namespace `proposals`)."""

from django.urls import path

from lianxin.proposals.views import meetings, pipeline

app_name = "proposals"
urlpatterns = [
    path("", pipeline.pipeline, name="list"),
    path("mine/", pipeline.mine, name="mine"),
    path("new/", pipeline.submit, name="submit"),
    path("export.xlsx", pipeline.export, name="export"),
    path("figures/", pipeline.figures, name="figures"),
    path("rules/", pipeline.rules, name="rules"),
    path("rules/<str:org_code>/", pipeline.rules, name="rules_of"),
    path("from-case/<str:number>/", pipeline.from_case, name="from_case"),
    path("<int:proposal_id>/", pipeline.detail, name="detail"),
    path("<int:proposal_id>/to-case/", pipeline.to_case, name="to_case"),
    path("<int:proposal_id>/files/<int:attachment_id>/", pipeline.attachment, name="attachment"),
    path("<int:proposal_id>/<str:action>/", pipeline.act, name="act"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", meetings.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/agenda/", meetings.meeting_agenda, name="meeting_agenda"),
    path(
        "meetings/<int:meeting_id>/attendees/", meetings.meeting_attendee, name="meeting_attendee"
    ),
    path("meetings/<int:meeting_id>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:meeting_id>/publish/", meetings.meeting_publish, name="meeting_publish"),
    path("meetings/<int:meeting_id>/resolutions/", meetings.resolution_add, name="resolution_add"),
    path(
        "meetings/<int:meeting_id>/resolutions/<int:resolution_id>/<str:action>/",
        meetings.resolution_act,
        name="resolution_act",
    ),
    path("resolutions/", meetings.resolutions, name="resolutions"),
    path("resolutions/export.xlsx", meetings.resolutions_export, name="resolutions_export"),
    path("open/<str:org_code>/", meetings.public_minutes, name="public_minutes"),
]
