"""Users, roles, passwords, login, tokens."""
