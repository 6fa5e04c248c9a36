"""Logs carry no full ID numbers or mobile numbers: a filter masks them in every record."""
import logging

from hall.core.masking import scrub

# Loggers whose own records are masked: request lines of the development server and
# of gunicorn carry the query string, which may hold an ID number.
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


class MaskPersonalData(logging.Filter):
    """Formats the message with its arguments, then masks ID and mobile numbers in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; it is always let through."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format: leave it for the handler to report
            return True
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


# One instance, so that installing again (each create_app) adds nothing twice.
_FILTER = MaskPersonalData()


def install(app) -> None:
    """Mask records of the app and request loggers, and everything root's handlers emit."""
    loggers = [app.logger] + [logging.getLogger(name) for name in REQUEST_LOGGERS]
    handlers = [h for logger in loggers + [logging.getLogger()] for h in logger.handlers]
    for target in loggers + handlers:
        target.addFilter(_FILTER)
