"""The demo county's documents and home–school messages, asserted by the seed-demo test: seed 004's
figures from the records (累计转发…100余件，下发…50余份; 共发送短信27436条)."""

import datetime as dt

from eduguard.accounts.models import User
from eduguard.notify.models import Message
from eduguard.outreach.models import Document, Notice, Recipient
from eduguard.outreach.services import documents, messages


def check_outreach_demo(today: dt.date) -> None:
    counts = documents.counts(Document.objects.all())
    assert counts == {"forwarded": 106, "issued": 53}
    assert documents.sentence(counts["forwarded"], counts["issued"]) == (
        "累计转发省市县各类文件100余件，下发文件、方案、通知共计50余份"
    )
    old = Recipient.objects.filter(document__date__lt=today - dt.timedelta(days=2))
    principal = User.objects.get(username="principal")
    school = principal.assignments.get().school
    assert old.filter(received_at__isnull=True).exclude(school=school).count() == 0
    assert Recipient.objects.filter(school=school, received_at__isnull=True).exists()  # one left to sign

    assert messages.sms_sent(Message.objects.all()) == 27_436
    assert messages.sms_sentence(27_436).endswith("共发送短信27436条")
    letter = Notice.objects.filter(school__isnull=True).get()
    assert letter.recipients > 15_000 and Notice.objects.filter(school_class__isnull=False).count() > 50
    assert not Message.objects.filter(notice__isnull=False, created_at__date__gt=today).exists()
