from django.urls import path

from ism.views import area_not_built

app_name = "workplans"
urlpatterns = [
    path("", area_not_built, {"area": "workplans"}, name="index"),
]
