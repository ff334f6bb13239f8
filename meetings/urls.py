from django.urls import path

from ism.views import area_not_built

app_name = "meetings"
urlpatterns = [
    path("", area_not_built, {"area": "meetings"}, name="index"),
]
