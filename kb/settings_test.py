"""The real settings, as the test suite runs them: a throwaway key, DEBUG-style static files, no HTTPS redirect.

Django's test runner turns DEBUG off itself; DEBUG=1 here only selects the development defaults in
kb/settings.py (no SSL redirect, no manifest static storage that needs collectstatic).
"""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault(
    "SECRET_KEY", "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-not-for-production"
)

from kb.settings import *  # noqa: F403

# Tasks run inside the request that enqueues them; the end-to-end test starts a real worker instead.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
