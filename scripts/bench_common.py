"""What the benchmark scripts share: which databases to run on, and each child process's environment."""

from __future__ import annotations

import os
import sys


def chosen_vendors(vendor: str | None) -> list[str]:
    """The databases to benchmark: as asked, else both when DATABASE_URL is set, else SQLite."""
    vendor = vendor or ("both" if os.environ.get("DATABASE_URL") else "sqlite")
    vendors = ["sqlite", "postgresql"] if vendor == "both" else [vendor]
    if "postgresql" in vendors and not os.environ.get("DATABASE_URL"):
        sys.exit("PostgreSQL needs DATABASE_URL (postgres://user:pass@host:port/name).")
    return vendors


def child_env(vendor: str, workdir: str) -> dict[str, str]:
    """The environment of a child run on ``vendor``, its data kept in ``workdir``."""
    env = dict(os.environ, KB_DATA_DIR=workdir)
    if vendor == "sqlite":
        env.pop("DATABASE_URL", None)
    return env
