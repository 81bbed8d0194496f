"""Registering a concern in the test county with sensible defaults."""

import datetime as dt

from django.utils import timezone

from eduguard.concerns.services.concerns import register_concern


def concern(w, *, actor=None, keys=("S1",), kind="petition", ago_days=0, **change):
    data = {
        "county": w.county,
        "kind": kind,
        "channel": "letter",
        "received_at": timezone.now() - dt.timedelta(days=ago_days),
        "subject": "来信反映寄宿费退费",
        "description": "要求退还延期开学期间的寄宿费",
        "schools": [w.schools[k] for k in keys],
        **change,
    }
    return register_concern(actor=actor or w.leader, **data)
