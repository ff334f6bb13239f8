"""python manage.py import_un_scale FILE.csv --name NAME --start YEAR --end YEAR"""

from pathlib import Path

from budgets.contributions.services import scale_table_import
from ism.commands import FileImportCommand


class Command(FileImportCommand):
    help = (
        "Load a version of the UN scale of assessment from a CSV file with the "
        'header "state,rate": an ISO 3166 code (alpha-3 or alpha-2) and the rate in '
        "percent as published (0.001 for 0.001%). Every problem is reported with "
        "its row and column and nothing is saved unless the whole file is right. "
        "Importing the same file again changes nothing."
    )
    file_help = "the scale (CSV)"
    # A CSV saved by a spreadsheet may start with a byte-order mark.
    encoding = "utf-8-sig"

    def add_options(self, parser):
        parser.add_argument(
            "--name", required=True, help='e.g. "UN scale 2025-2027 (A/RES/79/249)"'
        )
        parser.add_argument("--start", type=int, required=True, help="first year")
        parser.add_argument("--end", type=int, required=True, help="last year")
        parser.add_argument("--source", default="", help="where the rates come from")
        parser.add_argument(
            "--illustrative",
            action="store_true",
            help="invented rates for demonstration; every page using them says so",
        )

    def load(self, file: Path, text: str, **options):
        table, created = scale_table_import(
            csv_text=text,
            name=options["name"],
            start_year=options["start"],
            end_year=options["end"],
            source=options["source"],
            illustrative=options["illustrative"],
            actor=None,
        )
        count = table.rates.count()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Imported {table}: {count} rates."))
        else:
            self.stdout.write(f"{table} is already in ISM with these {count} rates.")
