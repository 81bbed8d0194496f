"""Psychological support (心理辅导, seed 004: 积极开展疫情防控知识普及和学生心理辅导工作): one record per
person and session (individual, group, hotline, referral to a hospital), with follow-ups.

Sensitive personal information (PIPL Art. 28): only the roles of `counselling.counsellor_roles`
(心理辅导教师, over a school or the county) and of `counselling.reader_roles` (the principal of the
person's school) see a record; nobody else, not the head teacher, not the bureau. Notes are
encrypted at rest; every reading of a record, and every refused attempt, is in the access log.
Exports and briefings never carry a record, only totals with small counts suppressed."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eduguard.core import crypto
from eduguard.counselling.choices import ConcernCategory, Outcome, SessionKind
from eduguard.org.managers import ScopedQuerySet

RULES = ("counselling.counsellor_roles", "counselling.reader_roles")


class SessionQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(county_id__in=s.county_ids) | Q(school_id__in=s.school_ids)

    def visible_to(self, user):
        from eduguard.accounts.scope import role_scope

        q = Q(pk__in=[])
        for rule in RULES:
            s = role_scope(user, rule)
            if s.everything:
                return self.all()
            q |= self.scope_q(s)
        return self.filter(q)


class CounsellingSession(models.Model):
    """One person in one counselling session, by whom and when; its note is sealed."""

    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="+")
    # The person's school when counselled (none for the bureau's own staff): the scope of the record.
    school = models.ForeignKey(
        "org.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name="辅导对象"
    )
    held_at = models.DateTimeField("辅导时间")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="辅导人"
    )
    kind = models.CharField("形式", max_length=10, choices=SessionKind.choices)
    category = models.CharField("主题", max_length=10, choices=ConcernCategory.choices)
    hospital = models.CharField("转介医院", max_length=60, blank=True)
    note_enc = models.TextField("记录（密文）", blank=True, default="")
    follow_up_on = models.DateField("回访日期", null=True, blank=True)
    outcome = models.CharField("最近回访结果", max_length=10, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "心理辅导记录"
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["county", "held_at"])]  # the briefing's count per period

    def __str__(self) -> str:
        return f"{self.person.name} {self.held_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("counselling:session", args=[self.pk])

    def set_note(self, note: str) -> None:
        self.note_enc = crypto.encrypt(note) if note else ""

    def reveal_note(self) -> str:
        return crypto.decrypt(self.note_enc) if self.note_enc else ""

    def is_due(self, day) -> bool:
        return self.follow_up_on is not None and self.follow_up_on <= day


class FollowUpQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return self.filter(session__in=CounsellingSession.objects.visible_to(user))


class FollowUp(models.Model):
    """One follow-up of a session (回访), append-only; its note is sealed."""

    session = models.ForeignKey(CounsellingSession, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField("回访日期")
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    note_enc = models.TextField("记录（密文）", blank=True, default="")
    next_on = models.DateField("下次回访", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "心理辅导回访"
        ordering = ["session", "on", "id"]

    def __str__(self) -> str:
        return f"{self.session} {self.on:%Y-%m-%d} {self.get_outcome_display()}"

    def set_note(self, note: str) -> None:
        self.note_enc = crypto.encrypt(note) if note else ""

    def reveal_note(self) -> str:
        return crypto.decrypt(self.note_enc) if self.note_enc else ""
