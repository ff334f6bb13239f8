"""The translation columns of what staff type (ism.translated, issue 18)."""

from django.db import migrations, models

from ism.translated import columns_added


class Migration(migrations.Migration):
    dependencies = [("workplans", "0003_plausible_dates")]

    operations = [
        *columns_added(
            "indicator",
            description=lambda: models.CharField(
                max_length=300, null=True, verbose_name="indicator"
            ),
        ),
        *columns_added(
            "result", text=lambda: models.TextField(null=True, verbose_name="statement")
        ),
    ]
