"""ClearHold: the working system of an anti-social behaviour problem-solving partnership."""

__version__ = "0.1.0"
