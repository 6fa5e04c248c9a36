"""Windows, their staff (A/B) and the window console."""
