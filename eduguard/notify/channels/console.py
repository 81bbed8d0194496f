"""Development channel: the message is written to the log (and so to the console)."""

import logging

logger = logging.getLogger("eduguard.notify")


def send(message) -> None:
    logger.warning(
        "[%s] to %s: %s", message.kind, message.recipient_name or message.phone_masked, message.body
    )
