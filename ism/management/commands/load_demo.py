from django.core.management.base import BaseCommand

from ism import demo


class Command(BaseCommand):
    help = (
        "Load the demo: the three conventions, every UN member and observer State, "
        "committees, and one demo user per role. Safe to run again: it changes "
        "nothing that is already there."
    )

    def handle(self, *args, **options):
        counts = demo.load_core()
        from budgets import demo as budgets_demo

        budget_counts = budgets_demo.load()
        self.stdout.write(
            "Budgets: APMBC 2026 (circulated) and CCM 2024 (adopted) from "
            f"ism/reference/, {budget_counts['budgets_created']} created this run."
        )
        from meetings import demo as meetings_demo

        meeting_counts = meetings_demo.load()
        from reporting import demo as reporting_demo

        report_counts = reporting_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({counts['conventions']} conventions, "
                f"{counts['states_created']} States created this run)."
            )
        )
        self.stdout.write(
            f"Meetings: {meeting_counts['meetings']} (2025-2026, some illustrative), "
            f"{meeting_counts['applications']} sponsorship applications."
        )
        from workplans import demo as workplans_demo

        plan = workplans_demo.load()
        self.stdout.write(
            f"Work plan: {plan} from ism/reference/ ({plan.get_status_display()})."
        )
        self.stdout.write(
            "Article 7 reports: the 40 APMBC reports covering 2024 the Cooperation "
            "Committee cites (dates illustrative) and Norway's 2025 draft, "
            f"{report_counts['reports_created']} created this run."
        )
        self.stdout.write(f"Demo accounts (password: {demo.DEMO_PASSWORD}):")
        for user in demo.DEMO_USERS:
            self.stdout.write(f"  {user.username:<18} {user.description}")
