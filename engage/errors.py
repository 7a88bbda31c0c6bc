"""Domain errors shared by the features."""


class DomainError(Exception):
    """A rule was broken; the message tells a person what to do about it."""


class NotFound(DomainError):
    """The named object does not exist."""
