"""Roles and the permissions each one carries (docs/rules.md §6)."""
import enum


class Permission(enum.Flag):
    MANAGE_USERS = enum.auto()
    MANAGE_CATALOGUE = enum.auto()
    MANAGE_SETTINGS = enum.auto()
    MANAGE_HALL = enum.auto()       # dashboard, reports, follow-ups, calendar
    SERVE_WINDOW = enum.auto()
    READ_AUDIT = enum.auto()


ROLES = {
    "admin": Permission.MANAGE_USERS | Permission.MANAGE_CATALOGUE | Permission.MANAGE_SETTINGS,
    "manager": Permission.MANAGE_HALL,
    "staff": Permission.SERVE_WINDOW,
    "auditor": Permission.READ_AUDIT,
}

ROLE_LABELS = {
    "admin": "系统管理员",
    "manager": "大厅管理员",
    "staff": "窗口工作人员",
    "auditor": "审计员",
}


def permissions_of(role: str) -> Permission:
    """The permission set of a role name; unknown roles have none."""
    return ROLES.get(role, Permission(0))
