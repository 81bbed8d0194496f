"""Health education events (健康教育活动) such as the 开学第一课: what, when, who spoke, which
classes it reached. The students reached are counted from those classes, never typed in."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eduguard.org.managers import ScopedQuerySet
from eduguard.teaching.choices import EventKind


class EventQuerySet(ScopedQuerySet):
    """Seen at county level; an event at named schools with those schools; a county-wide event by
    anyone who sees a school of the county."""

    def scope_q(self, s):
        from eduguard.org.models import School

        at_schools = HealthEducationEvent.schools.through.objects.filter(school_id__in=s.school_ids)
        counties = School.objects.filter(id__in=s.school_ids).values("county_id")
        return (
            Q(county_id__in=s.county_ids)
            | Q(id__in=at_schools.values("healtheducationevent_id"))
            | Q(county_wide=True, county_id__in=counties)
        )


class HealthEducationEvent(models.Model):
    """One health education event, at named schools or county-wide."""

    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="health_events")
    kind = models.CharField("类型", max_length=20, choices=EventKind.choices)
    title = models.CharField("名称", max_length=100)
    theme = models.CharField("主题", max_length=100, blank=True, help_text="如 普及防疫知识、弘扬抗疫精神")
    date = models.DateField("日期")
    county_wide = models.BooleanField("全县", default=False, help_text="全县统一组织，不限于所列学校")
    schools = models.ManyToManyField(
        "org.School", blank=True, related_name="health_events", verbose_name="学校"
    )
    classes = models.ManyToManyField(
        "org.SchoolClass", blank=True, related_name="health_events", verbose_name="覆盖班级"
    )
    topics = models.JSONField("学习内容", default=list, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "健康教育活动"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("teaching:event", args=[self.pk])

    def students_reached(self) -> int:
        """The students on the roll of the classes the event reached."""
        from eduguard.org.choices import PersonCategory
        from eduguard.org.models import Person

        return Person.objects.filter(
            school_class__in=self.classes.all(), category=PersonCategory.STUDENT, is_active=True
        ).count()


class Speaker(models.Model):
    """Who gave the event (主讲人): a name and their title or unit, e.g. 小市镇党委书记."""

    event = models.ForeignKey(HealthEducationEvent, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField("姓名", max_length=50)
    title = models.CharField("职务/单位", max_length=100, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "主讲人"
        ordering = ["event", "order", "id"]

    def __str__(self) -> str:
        return f"{self.title}{self.name}" if self.title else self.name
