"""WSGI entry point (gunicorn kb.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
application = get_wsgi_application()
# What loading the application made (modules, models, URL patterns: ~100,000 objects) lives as
# long as the worker: left to the collector, every full collection walked all of it again (60 to
# 200 ms, one request in ten or twenty). Frozen, a full collection walks what requests made.
gc.collect()
gc.freeze()
