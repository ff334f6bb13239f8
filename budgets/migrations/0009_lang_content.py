"""The translation columns of what staff type (ism.translated, issue 18)."""

from django.db import migrations, models

from ism.translated import columns_added


class Migration(migrations.Migration):
    dependencies = [("budgets", "0008_books_ledger")]

    operations = [
        *columns_added(
            "budgetline",
            label=lambda: models.CharField(
                max_length=200, null=True, verbose_name="label"
            ),
            note=lambda: models.TextField(
                blank=True, null=True, verbose_name="what it covers"
            ),
        ),
        *columns_added("budgetnote", text=lambda: models.TextField(null=True)),
    ]
