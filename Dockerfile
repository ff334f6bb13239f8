# ISM image: the web process (default), the Celery worker and beat run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=ism.settings \
    ISM_MEDIA_ROOT=/app/var/media

# WeasyPrint's system libraries and the fonts ISM's documents use.
#   libharfbuzz-subset0  without it WeasyPrint silently falls back to a Python font
#                        subsetter: a one-page invoice ~340 ms instead of ~107 ms, a
#                        Chinese one ~3 s instead of ~130 ms (DESIGN.md).
#   fonts-noto-core      Latin, Cyrillic and Arabic (Noto Naskh Arabic) documents.
#   fonts-noto-cjk       Chinese documents; without it, empty boxes (silently).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-noto-core \
        fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

# A fixed uid, so the media volume keeps one owner across rebuilds.
RUN groupadd --system --gid 10001 ism \
    && useradd --system --uid 10001 --gid ism --create-home --home-dir /home/ism \
        --shell /usr/sbin/nologin ism

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so a code change does not reinstall
# them. pyproject declares no packages (`packages = []`): `pip install .` installs
# exactly the pinned dependencies and the code runs from /app (PYTHONPATH).
COPY pyproject.toml ./
RUN pip install . && rm -rf build ./*.egg-info

# The fixed top level (DESIGN.md), listed rather than `COPY . .` so a developer's
# .venv, var/ (SQLite, media) and .git never end up in the image.
COPY manage.py ./
COPY ism ./ism
COPY budgets ./budgets
COPY workplans ./workplans
COPY meetings ./meetings
COPY reporting ./reporting
COPY templates ./templates
COPY static ./static

# Static files are collected at build time (manifest + compressed, served by
# WhiteNoise). Settings refuse to load without a secret and hosts outside DEBUG, so
# this one step gets throwaway values; they are not in the image's environment.
# `check --deploy` fails the build if WeasyPrint cannot use libharfbuzz-subset (ism.E001).
RUN ISM_SECRET_KEY=build-only-key-for-collectstatic-never-used-at-runtime-7f3a9c2e5b \
    ISM_ALLOWED_HOSTS=localhost \
    sh -c 'python manage.py collectstatic --noinput \
        && python manage.py check --deploy --fail-level ERROR' \
    && mkdir -p /app/var/media \
    && chown -R ism:ism /app/var

USER ism

EXPOSE 8000

# 200 only when the database, the broker and HarfBuzz subsetting are all fine.
# Host: the first ISM_ALLOWED_HOSTS entry, or Django answers 400. X-Forwarded-Proto:
# behind a TLS proxy (ISM_BEHIND_PROXY=1) with ISM_SECURE_SSL_REDIRECT on, a plain
# request would get a 301 to https instead of the health report. http.client does not
# follow redirects, so a 301 counts as unhealthy rather than probing the public host.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import http.client, os, sys; host = os.environ.get('ISM_ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('*.') or 'localhost'; c = http.client.HTTPConnection('127.0.0.1', 8000, timeout=8); c.request('GET', '/healthz', headers={'Host': host, 'X-Forwarded-Proto': 'https'}); sys.exit(c.getresponse().status != 200)"]

# Sync workers: on the 2-core box they beat gthread (gthread gave lower throughput
# and twice the p99). Long work (PDFs, mail) runs in Celery, never in a request.
# /dev/shm for the worker heartbeat files: /tmp in a container may be disk-backed.
CMD ["gunicorn", "ism.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--worker-class", "sync", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-"]
