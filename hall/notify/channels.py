"""Where messages go: the SMS gateway over HTTP, or the log when no gateway is set.

The gateway contract: POST JSON {"id", "phone", "text"} to HALL_SMS_URL; `id` is the
message's key, so a gateway that sees an id twice (a worker stopped between the gateway's
answer and its own commit) can drop the second. Any 2xx answer means delivered. With
HALL_SMS_SECRET set, the header X-Hall-Signature carries the hex HMAC-SHA256 of the exact
body bytes keyed by the secret, so the gateway can tell the hall's requests from others.
"""
import hashlib
import hmac
import http.client
import json
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from hall.core.masking import mask_phone, scrub

SIGNATURE_HEADER = "X-Hall-Signature"
TIMEOUT_SECONDS = 10
log = logging.getLogger("hall.notify")


@dataclass(frozen=True)
class Outgoing:
    """What a channel needs of a message."""

    id: int
    key: str
    kind: str
    phone: str
    text: str


@dataclass(frozen=True)
class Delivery:
    """A channel's verdict on one message: delivered, or the reason it was not (no number)."""

    delivered: bool
    error: str = ""


def body_of(message: Outgoing) -> bytes:
    return json.dumps({"id": message.key, "phone": message.phone, "text": message.text},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class SmsChannel:
    """The HTTP gateway, over one kept-alive connection, opened again after any failure."""

    name = "sms"

    def __init__(self, url: str, secret: str = "", timeout: float = TIMEOUT_SECONDS):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("HALL_SMS_URL must be an http:// or https:// address")
        self.parts, self.secret, self.timeout = parts, secret, timeout
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._connection: http.client.HTTPConnection | None = None

    def send(self, message: Outgoing) -> Delivery:
        body = body_of(message)
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.secret:
            headers[SIGNATURE_HEADER] = signature(body, self.secret)
        try:
            connection = self._connect()
            connection.request("POST", self.path, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read(300)
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            return Delivery(False, f"网关无法连接：{type(exc).__name__}")
        if 200 <= response.status < 300:
            return Delivery(True)
        # The gateway's own words may echo the number: scrubbed, and cut short.
        detail = scrub(answer.decode("utf-8", "replace")).strip()[:120]
        return Delivery(False, f"网关答复 HTTP {response.status}" + (f"：{detail}" if detail else ""))

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            kind = (http.client.HTTPSConnection if self.parts.scheme == "https"
                    else http.client.HTTPConnection)
            self._connection = kind(self.parts.hostname, self.parts.port, timeout=self.timeout)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class LogChannel:
    """No gateway configured (a demo, a test hall): the message is written to the log, with
    the number masked and without its text (a 预约码 is as good as the booking)."""

    name = "log"

    def send(self, message: Outgoing) -> Delivery:
        log.info("短信（未配置短信网关，只记日志）#%s %s → %s，%d 字", message.id, message.kind,
                 mask_phone(message.phone), len(message.text))
        return Delivery(True)

    def close(self) -> None:
        pass


def from_config(config) -> SmsChannel | LogChannel:
    """The SMS gateway when HALL_SMS_URL is set, else the log."""
    url = str(config.get("SMS_URL") or "").strip()
    if not url:
        return LogChannel()
    return SmsChannel(url, str(config.get("SMS_SECRET") or ""))
