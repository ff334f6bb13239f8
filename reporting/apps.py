from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self):
        # Registers the reporting viewsets on ism.api.router before ism.urls reads
        # router.urls.
        from reporting import api  # noqa: F401
