from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from lianxin import views as project_views

urlpatterns = [
    path("", project_views.home, name="home"),
    path("healthz", project_views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cases/", include("lianxin.cases.urls")),
    path("w/", include("lianxin.intake.urls_worker")),
    path("intake/visits/", include("lianxin.intake.urls_visits")),
    path("intake/hotline/", include("lianxin.intake.urls_hotline")),
    path("intake/imports/", include("lianxin.intake.urls_imports")),
    path("admin/", admin.site.urls),
]
