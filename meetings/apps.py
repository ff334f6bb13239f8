from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self):
        from meetings import api  # noqa: F401  (registers on ism.api.router)
