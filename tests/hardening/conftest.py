"""The hardening tests reuse the site tests' small knowledge base."""

from tests.site.conftest import kb  # noqa: F401  (a fixture, found by name)
