"""python manage.py import_opening_balances FILE.csv --convention CODE [--confirm]"""

from budgets.contributions.services import (
    opening_balances_import,
    opening_balances_read,
)
from ism.commands import ConventionFileCommand


class Command(ConventionFileCommand):
    help = (
        "Arrears brought forward from the years before ISM, from a CSV file with "
        'the header "state,year,amount,as_of,source": an ISO 3166 code, the year, '
        "the amount outstanding in the convention's currency, the day it was "
        "outstanding (YYYY-MM-DD) and where it comes from. Without --confirm the "
        "file is only checked and shown (the preview); with it, recorded. "
        "Importing the same file again changes nothing."
    )
    file_help = "the balances (CSV)"

    def load_into(self, convention, text: str, *, confirm: bool, **options):
        if not confirm:
            rows = opening_balances_read(convention=convention, csv_text=text)
            for row in rows:
                self.stdout.write(
                    f"{row.state.iso3} {row.year} {row.amount.amount} "
                    f"{row.amount.currency} as at {row.as_of} ({row.status})"
                )
            self.stdout.write("Preview only: run again with --confirm to record.")
            return
        new, same = opening_balances_import(
            convention=convention, csv_text=text, actor=None
        )
        self.stdout.write(
            self.style.SUCCESS(f"Recorded {new} balance(s); {same} already in ISM.")
        )
