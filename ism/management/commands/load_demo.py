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
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({counts['conventions']} conventions, "
                f"{counts['states_created']} States created this run)."
            )
        )
        self.stdout.write(f"Demo accounts (password: {demo.DEMO_PASSWORD}):")
        for user in demo.DEMO_USERS:
            self.stdout.write(f"  {user.username:<18} {user.description}")
