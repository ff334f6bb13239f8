"""Run ISM's benchmarks and print name | baseline | ISM | ratio.

    make bench                          # all of them
    .venv/bin/python bench/run.py page.home
    .venv/bin/python bench/run.py 'page.*' --seconds 5 --rounds 7
    .venv/bin/python bench/run.py --list

Benchmarks live in bench/bench_*.py (see bench/README.md). They run on the embedded
default, whatever the shell has: a throwaway SQLite database under /tmp, Celery
in-process, DEBUG off as in production (DEBUG keeps a log of every query). The
API load benchmarks (api.*) serve from gunicorn on a throwaway PostgreSQL database
of their own (bench/api_server.py), and are skipped where there is no PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure_environment(workdir: Path) -> None:
    """ISM's settings read the environment at import: set it before django.setup().
    Overwritten, not defaulted, so a DATABASE_URL or REDIS_URL in the shell (CI has
    PostgreSQL's) never turns the benchmark into a different one."""
    os.environ.pop("REDIS_URL", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "ism.settings",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "ISM_DEBUG": "0",
            "ISM_SECRET_KEY": "bench-only-secret-key-" + "b" * 40,
            "ISM_ALLOWED_HOSTS": "testserver",
            # No collectstatic in a benchmark: plain static storage, no manifest.
            "ISM_STATIC_MANIFEST": "0",
            # The test Client speaks plain HTTP; a redirect to https measures nothing.
            "ISM_SECURE_SSL_REDIRECT": "0",
            "ISM_ENVIRONMENT": "bench",
            "ISM_MEDIA_ROOT": str(workdir / "media"),
            "ISM_LOG_LEVEL": "WARNING",
        }
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", help="benchmark names or patterns (default: all)"
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=2.5,
        help="time the slower side spends per benchmark (default: 2.5)",
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="rounds per side (default: 5)"
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks")
    parser.add_argument(
        "--world",
        choices=("decade", "demo"),
        default="decade",
        help="the data the in-process benchmarks run on: the demo plus ten years "
        "of 190 States Parties (bench/world.py, built once a day and kept), or "
        "the demo alone (default: decade)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Import `bench.*` from the project root, never as top-level modules from
    # bench/ (where `python bench/run.py` puts sys.path[0]): one registry, not two.
    sys.path[0] = str(ROOT)
    workdir = Path(tempfile.mkdtemp(prefix="ism-bench-"))
    try:
        configure_environment(workdir)
        if args.world == "decade" and not args.list:
            from bench import world

            source = world.cached(
                years=world.YEARS, states=world.STATES, environment=dict(os.environ)
            )
            shutil.copyfile(source, workdir / "bench.sqlite3")
        # WhiteNoise warns that STATIC_ROOT does not exist: benchmarks serve no
        # static files and never run collectstatic.
        warnings.filterwarnings(
            "ignore", message=r"No directory at: .*staticfiles", category=UserWarning
        )
        import django
        from django.test.utils import override_settings

        django.setup()
        from bench import harness

        benchmarks = harness.discover()
        if args.list:
            for bench in benchmarks.values():
                print(f"{bench.name:<24} {bench.description}")
            return 0
        selected = harness.select(benchmarks, args.names)
        print(
            f"ISM benchmarks: Python {platform.python_version()}, "
            f"Django {django.get_version()}, SQLite (embedded), DEBUG off, "
            f"{args.world} world; "
            f"~{args.seconds:g} s per benchmark on the slower side\n",
            flush=True,
        )
        results = []
        failed: list[str] = []
        with override_settings(ROOT_URLCONF="bench.urls"):
            for bench in selected:
                try:
                    results.append(
                        harness.measure(bench, seconds=args.seconds, rounds=args.rounds)
                    )
                except harness.Unavailable as exc:
                    print(f"{bench.name}: skipped, {exc}", flush=True)
                except Exception:
                    # One broken benchmark must not lose the others' figures.
                    failed.append(bench.name)
                    traceback.print_exc()
                    print(f"{bench.name}: FAILED (above)", flush=True)
        print(harness.table(results))
        if failed:
            print(f"\nfailed: {', '.join(failed)}")
        return 1 if failed else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
