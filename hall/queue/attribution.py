"""Which department a ticket counts for (the reports' 部门 table).

The rule, the first that applies:

1. the department of the item of the first case accepted from the ticket;
2. the department of the window that called it, when the window serves exactly one;
3. the departments of the ticket's line: those of the items its category lists or that name
   it as their 取号 category, kept to the calling window's departments when it was called
   (and that window serves any). Exactly one left: that one.

Otherwise the ticket has none and the report counts it under 未归属部门 with its reason: a
ticket called at a window of several departments, in a line of several, that led to no case
(an enquiry, a 过号, a case accepted without naming the ticket); or a ticket never called in
such a line.

The result is stored on the ticket (`Ticket.department_id`) when a window calls it and when
its first case is accepted, so the report groups by a column. A ticket never called has no
window yet: the report applies rule 3 to its line as the catalogue is then.

Plain SQL over the link tables and a pure decision, so that migration 0017 (and the
benchmark's bulk-loaded history) backfill old tickets with the very same rule.
"""
from sqlalchemy import text

# Departments of each category's items: listed under it, or naming it for 取号.
_LINE_DEPARTMENTS = text(
    "SELECT category_item.category_id, item.department_id FROM category_item "
    "JOIN item ON item.id = category_item.item_id "
    "UNION SELECT item.category_id, item.department_id FROM item "
    "WHERE item.category_id IS NOT NULL")
_WINDOW_DEPARTMENTS = text("SELECT window_id, department_id FROM window_department")


def department_of(window_departments: set[int] | None, line_departments: set[int]) -> int | None:
    """Rules 2 and 3: `window_departments` is None for a ticket no window called."""
    if window_departments and len(window_departments) == 1:
        return next(iter(window_departments))
    candidates = set(line_departments)
    if window_departments:
        candidates &= window_departments
    return next(iter(candidates)) if len(candidates) == 1 else None


def _grouped(rows) -> dict[int, set[int]]:
    grouped: dict[int, set[int]] = {}
    for key, department_id in rows:
        grouped.setdefault(key, set()).add(department_id)
    return grouped


def line_departments(connection) -> dict[int, set[int]]:
    """{category id: its items' department ids} (categories without items are missing)."""
    return _grouped(connection.execute(_LINE_DEPARTMENTS))


def window_departments(connection) -> dict[int, set[int]]:
    """{window id: the department ids it serves} (windows serving none are missing)."""
    return _grouped(connection.execute(_WINDOW_DEPARTMENTS))


def called_department(connection, window_id: int, category_id: int) -> int | None:
    """The department of a ticket of this line called at this window and with no case."""
    windows = window_departments(connection).get(window_id, set())
    return department_of(windows, line_departments(connection).get(category_id, set()))


def uncalled_departments(connection) -> dict[int, int]:
    """{category id: department} for tickets no window has called, where rule 3 decides."""
    found = {category_id: department_of(None, departments)
             for category_id, departments in line_departments(connection).items()}
    return {category_id: department for category_id, department in found.items()
            if department is not None}


def _pairs(connection) -> list[dict]:
    """Rules 2 and 3 for every (window, category) where they decide a department."""
    lines, windows = line_departments(connection), window_departments(connection)
    window_ids = connection.execute(text('SELECT id FROM "window"')).scalars().all()
    category_ids = connection.execute(text("SELECT id FROM category")).scalars().all()
    pairs = []
    for window_id in window_ids:
        for category_id in category_ids:
            department = department_of(windows.get(window_id, set()),
                                       lines.get(category_id, set()))
            if department is not None:
                pairs.append({"w": window_id, "c": category_id, "d": department})
    return pairs


def backfill(connection) -> None:
    """Store the department and item of tickets written without them: rule 1 from each
    ticket's first case, then rules 2 and 3 through a small (window, category) → department
    table; three statements whatever the number of tickets. The caller commits."""
    connection.execute(text(
        'UPDATE ticket SET department_id = first_case.department_id, '
        'item_id = first_case.item_id FROM ('
        ' SELECT "case".ticket_id, "case".item_id, item.department_id FROM "case"'
        ' JOIN item ON item.id = "case".item_id'
        ' WHERE "case".id IN (SELECT min(id) FROM "case" WHERE ticket_id IS NOT NULL'
        '                     GROUP BY ticket_id)) AS first_case '
        "WHERE ticket.id = first_case.ticket_id"))
    pairs = _pairs(connection)
    if not pairs:
        return
    connection.execute(text(
        "CREATE TEMPORARY TABLE ticket_attribution (window_id INTEGER NOT NULL, "
        "category_id INTEGER NOT NULL, department_id INTEGER NOT NULL, "
        "PRIMARY KEY (window_id, category_id))"))
    connection.execute(text("INSERT INTO ticket_attribution VALUES (:w, :c, :d)"), pairs)
    connection.execute(text(
        "UPDATE ticket SET department_id = ticket_attribution.department_id "
        "FROM ticket_attribution "
        "WHERE ticket.department_id IS NULL AND ticket.window_id IS NOT NULL "
        "AND ticket_attribution.window_id = ticket.window_id "
        "AND ticket_attribution.category_id = ticket.category_id"))
    connection.execute(text("DROP TABLE ticket_attribution"))
