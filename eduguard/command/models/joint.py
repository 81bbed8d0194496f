"""Joint prevention and control (联防联控, seed 000 (二)): the county's departments (卫健, 疾控, 公安,
市场监管, 交通, 乡镇/街道) with their liaisons, and the joint actions they took with the schools
(training, escorts of return buses, canteen inspections, guidance). Stationed medical staff are
their own records (inspection.MedicalPosting), only listed beside these."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eduguard.command.choices import DepartmentKind, JointActionKind
from eduguard.command.managers import CountyRecordQuerySet, JointActionQuerySet, LiaisonQuerySet
from eduguard.org.models import SealedContactMixin


class Department(models.Model):
    """A county department the bureau works with (county data, edited by the bureau)."""

    county = models.ForeignKey("org.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("县"))
    kind = models.CharField(_("类别"), max_length=12, choices=DepartmentKind.choices)
    name = models.CharField(_("名称"), max_length=60)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = CountyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("联防联控部门")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="department_name_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("command:department", args=[self.pk])


class Liaison(SealedContactMixin):
    """A department's contact person."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="liaisons")
    name = models.CharField(_("姓名"), max_length=30)
    post = models.CharField(_("职务"), max_length=60, blank=True)

    objects = LiaisonQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("部门联络人")
        ordering = ["department", "id"]

    def __str__(self) -> str:
        return f"{self.department} {self.name}"

    def get_absolute_url(self) -> str:
        return self.department.get_absolute_url()


class JointAction(models.Model):
    """One joint action of departments with schools (none: county-wide, such as a bus escort)."""

    county = models.ForeignKey("org.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("县"))
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类别"), max_length=12, choices=JointActionKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    departments = models.ManyToManyField(Department, related_name="actions", verbose_name=_("参与部门"))
    schools = models.ManyToManyField("org.School", related_name="+", blank=True, verbose_name=_("涉及学校"))
    summary = models.TextField(_("内容"), blank=True)
    people_reached = models.PositiveIntegerField(_("覆盖人数"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JointActionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("联防联控行动")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["county", "date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("command:joint-action", args=[self.pk])
