"""消息通知: SMS written to an outbox in the cause's transaction, delivered by a worker."""
