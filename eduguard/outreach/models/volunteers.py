"""Volunteers (志愿服务, seed 004): the people of the education system's volunteer service team,
its squads, their duty shifts with attendance, and the activities with their counts.

Figures are computed from these rows (services/volunteer_totals.py), never typed into a total:

- a volunteer is a person of the roster (staff or temporary worker, at most once) or someone from
  outside it (name and phone, the phone sealed like the roster's);
- each attended assignment to a shift is one person-time (人次);
- banners hung (条幅), leaflets handed out (宣传单) and people persuaded to go home (劝返) are
  counted on the activity; an activity recorded afterwards without shifts carries the person-times
  it reports, which count only while it has no shifts (so nothing is counted twice).

Every row belongs to a school, or to the county when it has no school (the bureau's own volunteers,
the county team and its township squads, their shifts and activities), and is seen with it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eduguard.org.managers import ScopedQuerySet, unit_q
from eduguard.org.models import SealedContactMixin


class VolunteerQuerySet(ScopedQuerySet):
    """Seen with the school; school-less volunteers at county level; a roster volunteer also by
    whoever covers that person (one's own record through a 本人 assignment)."""

    def scope_q(self, s):
        return unit_q(s, school="school_id", person="person_id", county="county_id")


class LedQuerySet(ScopedQuerySet):
    """Teams and shifts: seen with their school (or the county when they have none), and by the
    team's leader through a person-level assignment (本人), who marks the attendance."""

    leader_path = "leader__person_id"

    def scope_q(self, s):
        return unit_q(s, school="school_id", county="county_id") | Q(
            **{f"{self.leader_path}__in": s.person_ids}
        )


class ShiftQuerySet(LedQuerySet):
    leader_path = "team__leader__person_id"


class ActivityQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(s, school="school_id", county="county_id")


class AssignmentQuerySet(ScopedQuerySet):
    """An assignment is seen with its volunteer (a school sees what its people did, wherever)."""

    def scope_q(self, s):
        return unit_q(
            s, school="volunteer__school_id", person="volunteer__person_id", county="volunteer__county_id"
        )

    def attended(self):
        return self.filter(status=Attendance.PRESENT)


class Volunteer(SealedContactMixin):
    """One volunteer: a roster person (no name or phone of their own here) or an outsider."""

    county = models.ForeignKey("org.County", on_delete=models.PROTECT, related_name="volunteers")
    school = models.ForeignKey(
        "org.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("学校"),
        help_text=_("空为教育局机关或社会志愿者（全县）"),
    )
    person = models.OneToOneField(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("在册人员"),
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True, help_text=_("仅校外人员填写"))
    township = models.CharField(_("服务乡镇"), max_length=30)
    skills = models.CharField(_("特长"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    active = models.BooleanField(_("在岗"), default=True)
    joined_on = models.DateField(_("加入日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("志愿者")
        ordering = ["school_id", "township", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""), name="volunteer_named_or_on_roster"
            )
        ]
        indexes = [models.Index(fields=["county", "township"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else self.name

    @property
    def is_outsider(self) -> bool:
        return self.person_id is None

    @property
    def masked_phone(self) -> str:
        return self.person.phone_masked if self.person_id else self.phone_masked

    def get_absolute_url(self) -> str:
        return reverse("outreach:volunteer", args=[self.pk])


class VolunteerTeam(models.Model):
    """A team (队): the county's service team and its township squads have no school; a school's
    own squad has one. Members are volunteers of its school, or of the county for a county team."""

    county = models.ForeignKey("org.County", on_delete=models.PROTECT, related_name="volunteer_teams")
    school = models.ForeignKey(
        "org.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_teams",
        verbose_name=_("学校"),
    )
    name = models.CharField(_("队名"), max_length=60)
    township = models.CharField(_("乡镇"), max_length=30, blank=True, help_text=_("乡镇分队填写"))
    leader = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name=_("队长"),
    )
    members = models.ManyToManyField(Volunteer, related_name="teams", blank=True, verbose_name=_("队员"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("志愿服务队")
        ordering = ["school_id", "township", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="volunteer_team_name_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outreach:team", args=[self.pk])


class Post(models.TextChoices):
    """The duty of a shift (岗位)."""

    CHECKPOINT = "checkpoint", _("卡口执勤")
    SCREENING = "screening", _("社区排查")
    PUBLICITY = "publicity", _("宣传")
    OTHER = "other", _("其他")


class ActivityKind(models.TextChoices):
    PUBLICITY = "publicity", _("宣传")
    SCREENING = "screening", _("排查协助")
    CHECKPOINT = "checkpoint", _("卡口执勤")
    OTHER = "other", _("其他")


class VolunteerActivity(models.Model):
    """An activity on a day in a township, with what it achieved. Its person-times are its
    shifts' attended assignments; without shifts, the figure entered (`entered_person_times`)."""

    county = models.ForeignKey("org.County", on_delete=models.PROTECT, related_name="volunteer_activities")
    school = models.ForeignKey(
        "org.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_activities",
        verbose_name=_("学校"),
    )
    team = models.ForeignKey(
        VolunteerTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("服务队"),
    )
    date = models.DateField(_("日期"))
    township = models.CharField(_("乡镇"), max_length=30)
    kind = models.CharField(_("类型"), max_length=12, choices=ActivityKind.choices)
    place = models.CharField(_("地点"), max_length=60, blank=True)
    summary = models.CharField(_("内容"), max_length=200, blank=True)
    banners = models.PositiveIntegerField(_("悬挂宣传条幅（副）"), default=0)
    leaflets = models.PositiveIntegerField(_("发放宣传单（份）"), default=0)
    persuaded = models.PositiveIntegerField(_("劝返人员（人）"), default=0)
    entered_person_times = models.PositiveIntegerField(
        _("参与人次（无排班时填写）"), default=0, help_text=_("有排班的活动按到岗记录计算，此数不计")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("志愿服务活动")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["county", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.township} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:activity", args=[self.pk])


class Shift(models.Model):
    """A duty shift (排班): a post at a place in a township from `starts_at` to `ends_at`, by a
    team, with its volunteers (the assignments). It ends after it starts (a database check)."""

    county = models.ForeignKey("org.County", on_delete=models.PROTECT, related_name="volunteer_shifts")
    school = models.ForeignKey(
        "org.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_shifts",
        verbose_name=_("学校"),
    )
    team = models.ForeignKey(
        VolunteerTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shifts",
        verbose_name=_("服务队"),
    )
    activity = models.ForeignKey(
        VolunteerActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shifts",
        verbose_name=_("所属活动"),
    )
    post = models.CharField(_("岗位"), max_length=12, choices=Post.choices)
    place = models.CharField(_("地点"), max_length=60)
    township = models.CharField(_("乡镇"), max_length=30)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    volunteers = models.ManyToManyField(Volunteer, through="outreach.ShiftAssignment", related_name="shifts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("志愿服务排班")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["county", "starts_at"])]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{self.place} · {self.get_post_display()} {start:%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:shift", args=[self.pk])


class Attendance(models.TextChoices):
    PLANNED = "planned", _("待到岗")
    PRESENT = "present", _("到岗")
    ABSENT = "absent", _("缺岗")


class ShiftAssignment(models.Model):
    """A volunteer on a shift. Marked present, it is one person-time (人次)."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(_("到岗"), max_length=8, choices=Attendance.choices, default=Attendance.PLANNED)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("排班人员")
        ordering = ["shift", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "volunteer"], name="one_assignment_per_shift")
        ]
        # The overlap check of services.volunteer_shifts looks up a volunteer's assignments.
        indexes = [models.Index(fields=["volunteer", "status"])]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.shift}"
