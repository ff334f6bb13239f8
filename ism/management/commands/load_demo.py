from django.core.management.base import BaseCommand
from django.utils import timezone

from ism import demo, demo_people


class Command(BaseCommand):
    help = (
        "Load the demo: the three conventions, every UN member and observer State, "
        "committees, and one demo user per role. Safe to run again: it changes "
        "nothing that is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ccw-parties",
            action="store_true",
            help=(
                "also import the CCW's sample of 127 High Contracting Parties and "
                "their protocols (ism/reference/ccw-parties-sample.csv; dates "
                "illustrative)"
            ),
        )

    def handle(self, *args, **options):
        # One clock for the whole load: the current cycle (next meetings, this
        # year's invoices and reports) is built relative to this day.
        today = timezone.localdate()
        counts = demo.load_core()
        if options["ccw_parties"]:
            from ism.demo_instruments import load_ccw_sample

            states = load_ccw_sample(demo.REFERENCE_DIR)
            self.stdout.write(
                f"CCW: {states} States from ism/reference/ccw-parties-sample.csv "
                "with their protocols (illustrative dates)."
            )
        from budgets import demo as budgets_demo

        budget_counts = budgets_demo.load(today)
        self.stdout.write(
            "Budgets: APMBC 2026 (circulated) and CCM 2024 (adopted) from "
            f"ism/reference/, {budget_counts['budgets_created']} created this run; "
            f"the cycle of {today.day} {today:%B %Y}: {today.year + 1} drafts and "
            f"the CCM's {today.year} budget and invoices "
            f"({budget_counts['cycle_budgets_created']} budgets created this run)."
        )
        from meetings import demo as meetings_demo

        meeting_counts = meetings_demo.load(today)
        from reporting import demo as reporting_demo

        report_counts = reporting_demo.load(today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({counts['conventions']} conventions, "
                f"{counts['states_created']} States created this run)."
            )
        )
        self.stdout.write(
            f"Meetings: {meeting_counts['meetings']} (from 2025 to the next Meeting of "
            "the States Parties, some illustrative), "
            f"{meeting_counts['applications']} sponsorship applications."
        )
        from workplans import demo as workplans_demo

        plan = workplans_demo.load()
        self.stdout.write(
            f"Work plan: {plan} from ism/reference/ ({plan.get_status_display()})."
        )
        self.stdout.write(
            "Article 7 reports: the 40 APMBC reports covering 2024 the Cooperation "
            "Committee cites (dates illustrative), Norway's 2025 draft and the "
            f"reports due in {today.year} as far as the year has come, "
            f"{report_counts['reports_created']} created this run."
        )
        self.stdout.write(f"Demo accounts (password: {demo_people.DEMO_PASSWORD}):")
        for user in demo_people.DEMO_USERS:
            self.stdout.write(f"  {user.username:<18} {user.description}")
