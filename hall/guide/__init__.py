"""The public 办事指南: where the catalogue meets the queue and the cases.

The guide pages and its API show an item with the line to join, the windows that serve it
and what citizens come for most; the catalogue itself (hall/items) knows none of that.
"""
