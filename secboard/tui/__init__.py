"""The Textual app: screens, widgets and the command registry over the workspace."""
