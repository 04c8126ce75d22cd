"""secboard's benchmark: start-up, board, key presses, CLI commands and memory.

Run it with ``python benchmarks/run.py`` (``--help`` lists the options).
"""
