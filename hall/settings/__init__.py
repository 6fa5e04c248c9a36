"""Hall-wide settings the administrator configures."""
