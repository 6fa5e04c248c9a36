"""Who did something, and from where: the one argument every service that records takes."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who did something, and from where; services get it from the caller."""

    user_id: int | None = None
    username: str = ""
    role: str = ""
    address: str = ""

    @classmethod
    def system(cls, name: str = "system") -> "Actor":
        return cls(username=name, role="system")

    @classmethod
    def of(cls, user, address: str = "") -> "Actor":
        return cls(user_id=user.id, username=user.username, role=user.role or "",
                   address=address)
