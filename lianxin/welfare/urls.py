"""URLs of the welfare pages (namespace `welfare`, mounted at /welfare/), by area."""

from django.urls import path

from lianxin.welfare.views import figures as figures_views
from lianxin.welfare.views import hardship as hardship_views
from lianxin.welfare.views import mutual_aid as mutual_aid_views
from lianxin.welfare.views import warmth as warmth_views

app_name = "welfare"
urlpatterns = [
    path("", figures_views.figures, name="figures"),
    # 困难职工帮扶档案
    path("hardship/", hardship_views.file_list, name="hardship_list"),
    path("hardship/new/", hardship_views.file_new, name="hardship_new"),
    path("hardship/export.xlsx", hardship_views.file_export, name="hardship_export"),
    path("hardship/<int:file_id>/", hardship_views.file_detail, name="hardship_detail"),
    path("hardship/<int:file_id>/visits/", hardship_views.visit_new, name="hardship_visit"),
    path("hardship/<int:file_id>/payments/", hardship_views.payment_new,
         name="hardship_payment"),
    path("hardship/<int:file_id>/payments/<int:payment_id>/<str:action>/",
         hardship_views.payment_move, name="hardship_payment_move"),
    path("hardship/<int:file_id>/<str:action>/", hardship_views.file_move,
         name="hardship_move"),
    # 送温暖
    path("warmth/", warmth_views.campaigns, name="warmth_campaigns"),
    path("warmth/new/", warmth_views.campaign_new, name="warmth_campaign_new"),
    path("warmth/<int:campaign_id>/", warmth_views.campaign, name="warmth_campaign"),
    path("warmth/<int:campaign_id>/recipients/", warmth_views.recipients,
         name="warmth_recipients"),
    path("warmth/<int:campaign_id>/recipients/add/", warmth_views.recipient_add,
         name="warmth_recipient_add"),
    path("warmth/<int:campaign_id>/duplicates/", warmth_views.duplicates,
         name="warmth_duplicates"),
    path("warmth/<int:campaign_id>/export.xlsx", warmth_views.export, name="warmth_export"),
    path("warmth/<int:campaign_id>/<str:action>/", warmth_views.campaign_move,
         name="warmth_campaign_move"),
    path("warmth/recipients/<int:recipient_id>/deliver/", warmth_views.deliver,
         name="warmth_deliver"),
    path("warmth/recipients/<int:recipient_id>/<str:action>/", warmth_views.recipient_move,
         name="warmth_recipient_move"),
    # 互助保障
    path("mutual_aid/", mutual_aid_views.plans, name="mutual_aid_plans"),
    path("mutual_aid/plans/<int:plan_id>/", mutual_aid_views.plan, name="mutual_aid_plan"),
    path("mutual_aid/plans/<int:plan_id>/roster/", mutual_aid_views.roster,
         name="mutual_aid_roster"),
    path("mutual_aid/plans/new/", mutual_aid_views.plan_new, name="mutual_aid_plan_new"),
    path("mutual_aid/claims/", mutual_aid_views.claims, name="mutual_aid_claims"),
    path("mutual_aid/claims/export.xlsx", mutual_aid_views.claims_export,
         name="mutual_aid_claims_export"),
    path("mutual_aid/claims/<int:claim_id>/", mutual_aid_views.claim, name="mutual_aid_claim"),
    path("mutual_aid/claims/<int:claim_id>/<str:action>/", mutual_aid_views.act,
         name="mutual_aid_act"),
    path("mutual_aid/cases/<str:number>/open/", mutual_aid_views.open_from_case,
         name="mutual_aid_open_from_case"),
]  # fmt: skip
