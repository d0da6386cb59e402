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
    path("admin/", admin.site.urls),
]
