"""Settings of the gunicorn the API benchmarks load: ISM's own, read from the
environment bench/api_server.py gives it, with the bench URLconf, which adds the
bare DRF endpoints (bench/api_baseline.py) beside ISM's. ISM itself never
mounts them."""

from ism.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
