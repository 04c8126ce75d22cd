"""secboard: a keyboard-driven terminal workspace for a security product manager."""

__version__ = "1.0.0"
