"""Signals of the calendar domain: other domains listen, the calendar imports none of them."""
from blinker import Namespace

_signals = Namespace()

# Sent with the acting Actor and `now` after a year's schedule was loaded (sync, CSV import,
# confirmation by hand), inside the same transaction. Receivers recompute their provisional
# deadlines and return a report with `summary` (one line) and `lines` (one per change).
years_loaded = _signals.signal("calendar.years-loaded")
