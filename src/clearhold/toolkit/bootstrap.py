"""Starting Django from the command line (the `clearhold` CLI and its subcommands)."""

from __future__ import annotations

import os


def django_setup(*, demo: bool = False) -> None:
    """Configure and start Django once; ``demo`` switches on demo mode first."""
    if demo:
        os.environ["CLEARHOLD_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearhold.web.settings")
    import django

    django.setup()
