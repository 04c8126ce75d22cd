"""``python -m secboard``."""

from secboard.cli import main

main()
