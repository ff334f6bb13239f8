"""python manage.py import_parties FILE.csv --convention CODE [--confirm]"""

from ism.commands import ConventionFileCommand
from ism.parties_import import memberships_import, memberships_read


class Command(ConventionFileCommand):
    help = (
        "A convention's States and their membership of each of its instruments, "
        "from a CSV file in the UN Treaty Collection's shape: a participant "
        "column (the State's name or ISO code), signature, and one column per "
        'instrument ("convention", "p1" ... "p5", "apii") with the day of '
        'consent and the UNTC\'s mark ("a" accession, "A" acceptance, "AA" '
        'approval, "d" succession; none: ratification). README: "Parties in '
        'bulk". Without --confirm the file is only checked and shown (the '
        "preview); with it, recorded. Importing the same file again changes "
        "nothing."
    )

    file_help = "the participation table (CSV)"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument(
            "--illustrative",
            action="store_true",
            help="mark the rows as demo data, not the real treaty status",
        )

    def load_into(self, convention, text: str, *, confirm: bool, **options):
        if confirm:
            preview = memberships_import(
                convention=convention,
                csv_text=text,
                actor=None,
                illustrative=options["illustrative"],
            )
        else:
            preview = memberships_read(convention=convention, csv_text=text)
        for state, rows in preview.by_state():
            cells = [f"{row.instrument.code}={row.outcome}" for row in rows if row]
            self.stdout.write(f"{state.iso3} {state.name}: {' '.join(cells)}")
        counts = (
            f"{preview.states} State(s); memberships: {preview.count('new')} new, "
            f"{preview.count('changed')} changed, {preview.count('same')} unchanged."
        )
        if not confirm:
            self.stdout.write(counts)
            self.stdout.write("Preview only: run again with --confirm to record.")
            return
        self.stdout.write(self.style.SUCCESS(f"Recorded: {counts}"))
