"""Who did something, and from where: the one argument every service that records takes."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    """Who did something, and from where; services get it from the caller."""

    user_id: int | None = None
    username: str = ""
    role: str = ""
    address: str = ""
    # The account itself, for the permission checks of services (which windows it may
    # operate); not part of what is recorded or compared.
    user: object | None = field(default=None, compare=False, repr=False)

    @classmethod
    def system(cls, name: str = "system") -> "Actor":
        return cls(username=name, role="system")

    @classmethod
    def of(cls, user, address: str = "") -> "Actor":
        return cls(user_id=user.id, username=user.username, role=user.role or "",
                   address=address, user=user)
