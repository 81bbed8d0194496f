"""Choices of the command-and-coordination records (task forces, meetings, joint prevention)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    LIAISON = "liaison", _("联络员（24小时值守）")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已办结")
    CANCELLED = "cancelled", _("已取消")


class DepartmentKind(models.TextChoices):
    HEALTH = "health", _("卫健")
    CDC = "cdc", _("疾控")
    POLICE = "police", _("公安")
    MARKET = "market", _("市场监管")
    TRANSPORT = "transport", _("交通")
    TOWNSHIP = "township", _("乡镇/街道")
    OTHER = "other", _("其他")


class JointActionKind(models.TextChoices):
    TRAINING = "training", _("培训")
    ESCORT = "escort", _("护送")
    CANTEEN = "canteen", _("食堂检查")
    GUIDANCE = "guidance", _("指导")
    DRILL = "drill", _("联合演练")
    OTHER = "other", _("其他")
