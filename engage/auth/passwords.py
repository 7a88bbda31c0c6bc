"""Password rules (NIST SP 800-63B: length over composition, refuse the obvious)."""

from engage.errors import DomainError

MIN_PASSWORD_LENGTH = 12
_COMMON = {
    "password1234",
    "123456789012",
    "qwertyuiop12",
    "passwordpassword",
    "milwaukeecounty",
    "engageengage",
}


class WeakPassword(DomainError):
    """The proposed password breaks a rule."""


def check_password_policy(password: str, email: str = "") -> None:
    """Raise ``WeakPassword`` naming the rule a new password breaks."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    lowered = password.lower()
    if lowered in _COMMON or len(set(lowered)) < 4:
        raise WeakPassword("That password is too easy to guess.")
    if email and email.split("@")[0].lower() in lowered:
        raise WeakPassword("Do not use your email address in your password.")
