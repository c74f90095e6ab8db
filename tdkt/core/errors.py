"""Domain errors. Validation problems use Django's ValidationError (400 / form error);
a rule of the domain that forbids the operation now raises DomainError (409)."""


class DomainError(Exception):
    """An operation the domain forbids in the current state (shown as 409 or a form error)."""

    def __init__(self, message: str, *, code: str = "domain_error"):
        super().__init__(message)
        self.message = message
        self.code = code
