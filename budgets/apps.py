from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"

    def ready(self):
        # Registers the budgets' viewsets on ism.api.router before ism.urls reads
        # router.urls.
        from budgets import (
            api,  # noqa: F401
            api_funds,  # noqa: F401
        )
        from budgets.contributions import api as contributions_api  # noqa: F401
