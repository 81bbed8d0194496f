"""Delivery channels, one small module each, all with `send(message) -> None` (raise on failure)."""

from eduguard.notify.channels import console, sms, wecom

CHANNELS = {"console": console, "sms": sms, "wecom": wecom}
