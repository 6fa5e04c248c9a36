"""`flask simulate`: days of realistic activity in the demo hall, through the real services.

hall/demo/simulation/queue_day.py runs one day of the queue; this package runs it day after day
with the staff of each window, and adds what follows a service: cases accepted and worked
on over the next working days (casework.py), ratings and 差评 follow-ups (feedback.py),
with tasks for later days kept in an agenda (agenda.py). Everything goes through the
domain services on a frozen clock, so numbering, deadlines, the audit chain and the
events are exactly what a real hall would have produced.
"""
from hall.demo.simulation.run import Summary, simulate

__all__ = ["Summary", "simulate"]
