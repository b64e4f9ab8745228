"""The mail outbox: messages are written in the same transaction as the change that causes them and
delivered later by `flask mail send-pending` or `flask mail worker`, so no request ever waits on SMTP."""
