"""The 消息通知 page: counts, masked numbers, and resending everything that failed."""
from sqlalchemy import select

from hall.audit.models import AuditEntry
from hall.core.extensions import db
from hall.notify.models import OutboxMessage
from tests.notify.conftest import drain_until_settled, phone_of, queue, sms_worker


def test_the_page_counts_each_state_and_masks_every_number(app, client, login_as, moment):
    queue(3)
    login_as("manager")
    page = client.get("/notify/").get_data(as_text=True)
    for words in ("消息通知", "待发送 3", "发送中 0", "已送达 0", "发送失败 0", "没有发送失败的短信",
                  "139****0001", "请A001号到3号窗口办理", "叫号", "每小时最多发送 6 条"):
        assert words in page, words
    assert all(phone_of(n) not in page for n in range(3))
    assert "全部重新发送" not in page


def test_everything_that_failed_is_resent_at_once(app, client, login_as, moment, gateway):
    queue(3)
    drain_until_settled(sms_worker(gateway(fail_first=10_000)), moment)
    login_as("manager")
    page = client.get("/notify/").get_data(as_text=True)
    assert "发送失败 3" in page and "全部重新发送" in page
    response = client.post("/notify/retry-failed", follow_redirects=True)
    assert "已将 3 条发送失败的短信重新排入发送队列" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [(m.status, m.tries) for m in db.session.scalars(select(OutboxMessage))] == \
        [("pending", 0)] * 3
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "notify.retry_all"))
    assert entry is not None and '"count": 3' in entry.after
    assert "没有发送失败的短信" in client.post("/notify/retry-failed",
                                               follow_redirects=True).get_data(as_text=True)


def test_an_unknown_message_is_refused_in_chinese(app, client, login_as):
    login_as("manager")
    response = client.post("/notify/999999/retry", follow_redirects=True)
    assert "没有这条消息" in response.get_data(as_text=True)
