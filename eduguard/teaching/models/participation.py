"""Online-teaching participation (线上教学参与情况): for one grade of a school in one period, the
students and teachers taking part against those enrolled on that date (domain.md §9: participation ÷
enrolled, keeping the enrolment base per date).

Teachers are counted per grade as the grade's teaching group (年级组): each teacher is counted in one
grade only, so a school's and the county's totals are plain sums. A grade is entered again or
imported again by replacing its row (one row per period and grade)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eduguard.org.managers import ScopedQuerySet
from eduguard.teaching.choices import Source, stage_of


class ParticipationQuerySet(ScopedQuerySet):
    """A school-level record: seen by those who see the school whole (not by a grade or class head)."""

    def scope_q(self, s):
        return Q(school_id__in=s.school_ids)


class TeachingParticipation(models.Model):
    """One grade's participation in one period, with the enrolment base as reported for it."""

    period = models.ForeignKey(
        "teaching.TeachingPeriod", on_delete=models.CASCADE, related_name="rows", verbose_name="时段"
    )
    school = models.ForeignKey(
        "org.School", on_delete=models.CASCADE, related_name="teaching_rows", verbose_name="学校"
    )
    grade = models.ForeignKey(
        "org.Grade", on_delete=models.CASCADE, related_name="teaching_rows", verbose_name="年级"
    )
    students_enrolled = models.PositiveIntegerField("在籍学生数")
    students_taking_part = models.PositiveIntegerField("参与学生数")
    teachers_enrolled = models.PositiveIntegerField("教师数")
    teachers_taking_part = models.PositiveIntegerField("参与教师数")
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.ENTERED)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField("填报时间")

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "线上教学参与情况"
        ordering = ["period", "school__code", "grade__level"]
        constraints = [
            models.UniqueConstraint(fields=["period", "grade"], name="one_teaching_row_per_grade"),
            models.CheckConstraint(
                condition=Q(students_taking_part__gte=0)
                & Q(students_enrolled__gte=0)
                & Q(teachers_taking_part__gte=0)
                & Q(teachers_enrolled__gte=0),
                name="teaching_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(students_taking_part__lte=F("students_enrolled")),
                name="students_taking_part_within_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(teachers_taking_part__lte=F("teachers_enrolled")),
                name="teachers_taking_part_within_enrolment",
            ),
        ]
        indexes = [models.Index(fields=["period", "school"])]

    def __str__(self) -> str:
        return f"{self.period} {self.grade_id}"

    @property
    def stage(self):
        return stage_of(self.grade.level)
