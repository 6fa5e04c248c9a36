"""The triggers that keep each category's line length (`TicketCounter.waiting`), created by
migration 0010_queue_line: named here, beside the models, for the migration and the code
that relies on them.

A ticket joins its category's line when it is inserted or set waiting, and leaves it when
it stops waiting, moves to another line or is deleted. The counter row of a line that had
no number issued today (a transfer into another category) is created at last_seq 0.

Migration 0010 runs exactly these statements: changing one changes no database that is
already migrated, so a new definition needs a new migration (dropping and creating them by
these names). A later migration that rebuilds `ticket` on SQLite (batch mode copies the
table) must create them again.
"""

SQLITE_INSERT, SQLITE_LEAVE = "ticket_line_insert", "ticket_line_leave"
SQLITE_JOIN, SQLITE_DELETE = "ticket_line_join", "ticket_line_delete"
POSTGRESQL_FUNCTION = "ticket_line_count"
POSTGRESQL_INSERT, POSTGRESQL_UPDATE = "ticket_line_insert", "ticket_line_update"
POSTGRESQL_DELETE = "ticket_line_delete"

SQLITE_TRIGGERS = {
    SQLITE_INSERT:
    f"""CREATE TRIGGER {SQLITE_INSERT} AFTER INSERT ON ticket WHEN NEW.status = 'waiting'
    BEGIN
        INSERT INTO ticket_counter (category_id, day, last_seq, waiting)
        VALUES (NEW.category_id, NEW.day, 0, 1)
        ON CONFLICT (category_id, day) DO UPDATE SET waiting = waiting + 1;
    END""",
    SQLITE_LEAVE:
    f"""CREATE TRIGGER {SQLITE_LEAVE} AFTER UPDATE OF status, category_id, day ON ticket
    WHEN OLD.status = 'waiting' AND (NEW.status != 'waiting'
        OR NEW.category_id != OLD.category_id OR NEW.day != OLD.day)
    BEGIN
        UPDATE ticket_counter SET waiting = waiting - 1
        WHERE category_id = OLD.category_id AND day = OLD.day;
    END""",
    SQLITE_JOIN:
    f"""CREATE TRIGGER {SQLITE_JOIN} AFTER UPDATE OF status, category_id, day ON ticket
    WHEN NEW.status = 'waiting' AND (OLD.status != 'waiting'
        OR NEW.category_id != OLD.category_id OR NEW.day != OLD.day)
    BEGIN
        INSERT INTO ticket_counter (category_id, day, last_seq, waiting)
        VALUES (NEW.category_id, NEW.day, 0, 1)
        ON CONFLICT (category_id, day) DO UPDATE SET waiting = waiting + 1;
    END""",
    SQLITE_DELETE:
    f"""CREATE TRIGGER {SQLITE_DELETE} AFTER DELETE ON ticket WHEN OLD.status = 'waiting'
    BEGIN
        UPDATE ticket_counter SET waiting = waiting - 1
        WHERE category_id = OLD.category_id AND day = OLD.day;
    END""",
}

POSTGRESQL_FUNCTION_SQL = (
    f"CREATE FUNCTION {POSTGRESQL_FUNCTION}() RETURNS trigger LANGUAGE plpgsql "
    """AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'waiting' THEN
            UPDATE ticket_counter SET waiting = waiting - 1
            WHERE category_id = OLD.category_id AND day = OLD.day;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'waiting' THEN
            INSERT INTO ticket_counter AS c (category_id, day, last_seq, waiting)
            VALUES (NEW.category_id, NEW.day, 0, 1)
            ON CONFLICT (category_id, day) DO UPDATE SET waiting = c.waiting + 1;
        END IF;
        RETURN NULL;
    END $$""")

POSTGRESQL_TRIGGERS = {
    POSTGRESQL_INSERT:
    f"""CREATE TRIGGER {POSTGRESQL_INSERT} AFTER INSERT ON ticket FOR EACH ROW
    WHEN (NEW.status = 'waiting') EXECUTE FUNCTION {POSTGRESQL_FUNCTION}()""",
    POSTGRESQL_UPDATE:
    f"""CREATE TRIGGER {POSTGRESQL_UPDATE} AFTER UPDATE OF status, category_id, day ON ticket
    FOR EACH ROW WHEN ((OLD.status = 'waiting' OR NEW.status = 'waiting')
        AND (OLD.status, OLD.category_id, OLD.day) IS DISTINCT FROM
            (NEW.status, NEW.category_id, NEW.day))
    EXECUTE FUNCTION {POSTGRESQL_FUNCTION}()""",
    POSTGRESQL_DELETE:
    f"""CREATE TRIGGER {POSTGRESQL_DELETE} AFTER DELETE ON ticket FOR EACH ROW
    WHEN (OLD.status = 'waiting') EXECUTE FUNCTION {POSTGRESQL_FUNCTION}()""",
}

# Every name, for the model whose column the triggers keep.
NAMES = {"sqlite": tuple(SQLITE_TRIGGERS),
         "postgresql": (POSTGRESQL_FUNCTION, *POSTGRESQL_TRIGGERS)}


def create_statements(dialect: str) -> list[str]:
    """What creates the triggers on a database of this dialect, in order."""
    if dialect == "sqlite":
        return list(SQLITE_TRIGGERS.values())
    return [POSTGRESQL_FUNCTION_SQL, *POSTGRESQL_TRIGGERS.values()]


def drop_statements(dialect: str) -> list[str]:
    """What drops them again."""
    if dialect == "sqlite":
        return [f"DROP TRIGGER {name}" for name in SQLITE_TRIGGERS]
    return [*(f"DROP TRIGGER {name} ON ticket" for name in POSTGRESQL_TRIGGERS),
            f"DROP FUNCTION {POSTGRESQL_FUNCTION}()"]
