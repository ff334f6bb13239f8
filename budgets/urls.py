from django.urls import path

from ism.views import area_not_built

app_name = "budgets"
urlpatterns = [
    path("", area_not_built, {"area": "budgets"}, name="index"),
]
