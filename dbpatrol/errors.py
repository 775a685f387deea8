"""User-facing errors: the CLI prints their message and exits 2, with no traceback."""


class UserError(Exception):
    """Bad input from a person (a file, an option, a name). Nothing was created."""
