"""URLs of the duty days (namespace `duty`, mounted at /duty/): 当一天站长 at a station."""

from django.urls import path

from lianxin.fieldwork import views

app_name = "duty"
_day = views.DUTY_PAGES.views()
urlpatterns = [
    path("", views.duty_list, name="list"),
    path("book/", views.duty_book, name="book"),
    path("<int:day_id>/", _day["detail"], name="detail"),
    path("<int:day_id>/entries/", _day["add_entry"], name="add_entry"),
    path("<int:day_id>/complete/", _day["complete"], name="complete"),
    path("<int:day_id>/cancel/", _day["cancel"], name="cancel"),
    path("entries/<int:entry_id>/case/", _day["raise_case"], name="raise_case"),
]
