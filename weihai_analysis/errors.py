"""The one error type users see: a sentence naming the file and the problem."""


class ReportError(Exception):
    """Bad input: the message is one sentence a person understands (the CLI exits with code 2)."""
