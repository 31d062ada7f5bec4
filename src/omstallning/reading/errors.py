"""The one exception that stops a command before it starts: something the user must fix."""


class UsageError(Exception):
    """A missing plan directory, an unreadable file, an unknown revision: exit 2."""
