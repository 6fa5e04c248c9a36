"""Queue categories, tickets, the kiosk, the lobby display and the event stream."""
