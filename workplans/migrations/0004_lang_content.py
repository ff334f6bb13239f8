"""The translation columns of what staff type (ism.translated, issue 18)."""

from django.db import migrations, models

from ism.translated import columns_added


def indicator():
    return models.CharField(max_length=300, null=True, verbose_name="indicator")


def statement():
    return models.TextField(null=True, verbose_name="statement")


class Migration(migrations.Migration):
    dependencies = [("workplans", "0003_plausible_dates")]

    operations = columns_added("indicator", description=indicator) + columns_added(
        "result", text=statement
    )
