import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ism.settings")
application = get_wsgi_application()
# What start-up loaded (Django, the apps, the models) lives as long as the process:
# kept out of the collector's full passes, which otherwise walk all of it again
# each time and make a request now and then slow for nothing (gc.freeze).
gc.freeze()
