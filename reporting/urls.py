from django.urls import path

from ism.views import area_not_built

app_name = "reporting"
urlpatterns = [
    path("", area_not_built, {"area": "reporting"}, name="index"),
]
