from django.apps import AppConfig


class IsmConfig(AppConfig):
    name = "ism"
    verbose_name = "ISM core"

    def ready(self) -> None:
        from ism import checks  # noqa: F401  (registers system checks)
