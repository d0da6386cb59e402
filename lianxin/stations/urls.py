"""URLs of the stations pages (namespace `stations`, mounted at /stations/)."""

from django.urls import path

from lianxin.stations import views

app_name = "stations"
urlpatterns = [
    path("", views.station_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("<str:code>/", views.station_detail, name="detail"),
    path("<str:code>/poster/", views.poster, name="poster"),
    path("<str:code>/poster.svg", views.poster_svg, name="poster_svg"),
    path("<str:code>/poster.png", views.poster_png, name="poster_png"),
    path("<str:code>/log/", views.log_day, name="log"),
    path("<str:code>/figures/", views.figures, name="figures"),
]
