from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "workplans"
    verbose_name = "Work plans"

    def ready(self):
        # Registers the work plans' viewset on ism.api.router before ism.urls reads
        # router.urls.
        from workplans import api  # noqa: F401
