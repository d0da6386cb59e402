from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from lianxin import rest
from lianxin import views as project_views
from lianxin.core.login import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm

admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("", project_views.home, name="home"),
    path("healthz", project_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cases/", include("lianxin.cases.urls")),
    path("w/join/", include("lianxin.members.urls_worker")),
    path("w/", include("lianxin.intake.urls_worker")),
    path("intake/visits/", include("lianxin.intake.urls_visits")),
    path("duty/", include("lianxin.fieldwork.urls")),
    path("intake/hotline/", include("lianxin.intake.urls_hotline")),
    path("intake/imports/", include("lianxin.intake.urls_imports")),
    path("open311/v2/", include("lianxin.intake.urls_open311")),
    path("api/", rest.api.urls),
    path("accounts/tokens/", include("lianxin.api.urls_tokens")),
    path("cockpit/", include("lianxin.cockpit.urls")),
    path("contests/", include("lianxin.contests.urls")),
    path("proposals/", include("lianxin.proposals.urls")),
    path("insights/", include("lianxin.insights.urls")),
    path("inbox/", include("lianxin.core.urls_inbox")),
    path("members/", include("lianxin.members.urls")),
    path("welfare/", include("lianxin.welfare.urls")),
    path("stations/", include("lianxin.stations.urls")),
    path("activities/", include("lianxin.activities.urls")),
    path("skills/", include("lianxin.skills.urls")),
    path("jobs/", include("lianxin.jobs.urls")),
    path("admin/", admin.site.urls),
]

# Chinese error pages that render without the database (the API's paths answer in its error shape).
handler400 = "lianxin.views.bad_request"
handler403 = "lianxin.views.permission_denied"
handler404 = "lianxin.views.page_not_found"
handler500 = "lianxin.views.server_error"
