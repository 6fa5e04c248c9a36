"""Hall events (ticket called, window changed, case changed) kept in the database.

Every change that screens must see writes one event row in its own transaction. Event ids
come from a single head row that the writer locks, so ids are handed out in commit order: a
reader that has seen id N will never later find a committed event below N. That is what lets
any number of server processes stream the same events and a display resume with
Last-Event-ID without missing one.
"""
