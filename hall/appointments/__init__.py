"""Appointments (预约办理): slots per queue category, bookings, check-in, no-show blocks."""
