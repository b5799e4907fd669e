"""(being written)"""


def register() -> None:
    """Registers nothing yet."""
