"""The WSGI entry point production serves (gunicorn: Dockerfile, docker-compose,
bench/api_server.py) leaves what start-up loaded out of the collector's full passes:
without it the budgets list's p99 was 5.8x the bare list's, with it 2.4x (issue 20,
bench/README.md)."""

import gc
import importlib


def test_the_application_freezes_what_start_up_loaded():
    import ism.wsgi

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        importlib.reload(ism.wsgi)
        assert gc.get_freeze_count() > 0
        assert callable(ism.wsgi.application)
    finally:
        gc.unfreeze()
