"""Email backends for the tests: one that always fails, one that refuses some addresses."""

from django.core.mail import outbox
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionError("SMTP server unavailable")


class BouncingBackend(EmailBackend):
    """Like the memory backend, but refuses any address containing "bounce"."""

    def send_messages(self, messages):
        for message in messages:
            if any("bounce" in address for address in message.to):
                raise ValueError(f"Recipient refused: {message.to[0]}")
        return super().send_messages(messages)


class SlowBackend(EmailBackend):
    """The memory backend, a little slow: two senders at once overlap."""

    def send_messages(self, messages):
        import time

        time.sleep(0.005)
        return super().send_messages(messages)


__all__ = ["BouncingBackend", "FailingBackend", "SlowBackend", "outbox"]
