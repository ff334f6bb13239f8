"""python manage.py import_budget FILE.json [--replace]"""

import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import CommandError

from budgets.calculations import figures
from budgets.services import budget_import
from ism.commands import FileImportCommand
from ism.money import format_amount
from ism.workflow import status_phrase


class Command(FileImportCommand):
    help = (
        "Import a budget in the format of ism/reference/*-budget.json. Everything "
        "is checked first and every problem is reported with its place in the file; "
        "nothing is saved unless the whole file is right and reproduces its "
        "published totals. A budget that is already there is not imported twice "
        "(use --replace to replace the content of a draft)."
    )
    file_help = "the budget file (JSON)"
    kind = "valid JSON"
    places = True

    def add_options(self, parser):
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the content of the existing draft budget of that year",
        )

    def load(self, file: Path, text: str, *, replace: bool, **options):
        try:
            # Decimal, never float: "0.195" must stay 0.195.
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as error:
            raise CommandError(f"{file}: not valid JSON ({error}).") from None

        budget, created = budget_import(data=data, replace=replace)
        if not created and not replace:
            raise CommandError(
                f"{budget} is already in ISM ({status_phrase(budget)}); nothing "
                "was imported. "
                "Use --replace to replace the content of a draft."
            )

        total = figures(budget).total
        verb = "Imported" if created else "Replaced the content of"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {budget}: total {budget.currency} "
                f"{format_amount(total.amount, 'en')} (revision {budget.revision})."
            )
        )
