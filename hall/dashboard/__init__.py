"""The manager's live view of the hall and the reports: reads only."""
