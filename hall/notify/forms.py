"""The 消息通知 page's button: a form for its CSRF token only."""
from hall.web.helpers import HallForm


class RetryForm(HallForm):
    """重新发送: no fields, the message is in the address."""
