"""Errors that carry a message meant for the user (what is wrong and how to fix it)."""


class LabError(Exception):
    """Base class: the message is shown to the user as one line, without a traceback."""


class ParameterError(LabError):
    """A parameter file is missing, malformed, or has a missing, unknown or mistyped key."""


class InputError(LabError):
    """A command-line argument, experiment file or uploaded sheet is not valid."""


class Interrupted(KeyboardInterrupt):
    """A Ctrl-C that the command caught: it kept what it could, and its message says what and where.

    A KeyboardInterrupt, so whatever does not know it stops as at any other Ctrl-C.
    """
