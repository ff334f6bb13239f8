"""The translation columns of what staff type (ism.translated, issue 18)."""

from django.db import migrations, models

from ism.translated import columns_added


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_plausible_dates")]

    operations = columns_added(
        "agendaitem",
        title=lambda: models.CharField(max_length=500, null=True, verbose_name="title"),
    ) + columns_added(
        "meeting",
        title=lambda: models.CharField(max_length=300, null=True, verbose_name="title"),
    )
