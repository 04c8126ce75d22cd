"""Pure domain logic: statuses, lifecycle rules, validation, scoring and metrics.

Imports neither the UI nor the database, so every rule can be tested on plain values.
"""
