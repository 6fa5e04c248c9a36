"""Logs carry no full ID numbers or mobile numbers."""
import logging

import pytest
from werkzeug.serving import WSGIRequestHandler

from hall import create_app
from hall.web.logging_privacy import MaskPersonalData, install

ID = "11010519491231002X"
PHONE = "13812341234"


class Collect(logging.Handler):
    """Keeps every formatted line it is given."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def collect():
    """A handler attached to a logger for the test, detached afterwards."""
    attached = []

    def attach(logger):
        handler = Collect()
        logger.addHandler(handler)
        attached.append((logger, handler))
        return handler

    yield attach
    for logger, handler in attached:
        logger.removeHandler(handler)


def assert_clean(text):
    assert ID not in text and ID.lower() not in text and PHONE not in text


def test_app_logger_masks_message_and_args(app, collect):
    handler = collect(app.logger)
    app.logger.warning(f"受理 {ID} 电话 {PHONE}")
    app.logger.warning("受理 %s 电话 %s", ID.lower(), PHONE)
    app.logger.warning("受理 %(id)s", {"id": ID})
    assert handler.lines == ["受理 110105********002X 电话 138****1234",
                             "受理 110105********002x 电话 138****1234",
                             "受理 110105********002X"]


def test_caplog_sees_masked_records(app, caplog):
    app.logger.error("申请人 %s，手机 %s", ID, PHONE)
    assert "110105********002X" in caplog.text and "138****1234" in caplog.text
    assert_clean(caplog.text)
    assert caplog.records[-1].getMessage() == "申请人 110105********002X，手机 138****1234"


def test_werkzeug_request_line_with_an_id_in_the_query_is_masked(app, caplog):
    caplog.set_level(logging.INFO)
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.client_address = ("127.0.0.1", 50000)
    handler.command, handler.request_version = "GET", "HTTP/1.1"
    handler.path = f"/progress?id={ID}&tel={PHONE}"
    handler.log_request(200, 512)
    assert "GET /progress?id=110105********002X&tel=138****1234 HTTP/1.1" in caplog.text
    assert_clean(caplog.text)


def test_other_loggers_are_masked_by_root_handlers(app, collect):
    handler = collect(logging.getLogger())
    install(app)
    logging.getLogger("some.library").warning("办件申请人 %s", ID)
    assert handler.lines == ["办件申请人 110105********002X"]


def test_exception_text_is_masked(app, collect):
    handler = collect(app.logger)
    try:
        raise ValueError(f"身份证号 {ID} 不存在")
    except ValueError:
        app.logger.exception("查询失败 %s", PHONE)
    assert handler.lines[0].startswith("查询失败 138****1234\nTraceback")
    assert "ValueError: 身份证号 110105********002X 不存在" in handler.lines[0]
    assert_clean(handler.lines[0])


def test_installing_again_adds_no_second_filter(app, _schema):
    again = create_app({"TESTING": True, "DATABASE_URL": _schema})
    install(again)
    for logger in (again.logger, logging.getLogger("werkzeug")):
        assert sum(isinstance(f, MaskPersonalData) for f in logger.filters) == 1


def test_a_broken_format_is_left_for_the_handler():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s %s", (ID,), None)
    assert MaskPersonalData().filter(record) is True
    assert record.msg == "%s %s" and record.args == (ID,)
