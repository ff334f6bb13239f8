"""Rendered pages against a bare Django view, through the same test Client."""

from bench.harness import Pair, benchmark, demo_client, get_ok


@benchmark("page.home", "GET / signed in as APMBC ISU staff, demo data on SQLite")
def home_page() -> Pair:
    client = demo_client("staff.apmbc")
    # Proves the subject is the real home page for this user, not a redirect.
    get_ok(client, "/", contains=b'data-testid="role-isu-staff"')
    return Pair(
        baseline=lambda: get_ok(client, "/__bench__/bare"),
        subject=lambda: get_ok(client, "/"),
    )
