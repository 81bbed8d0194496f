"""Models of the area, one module per part."""

from eduguard.command.models.joint import Department, JointAction, Liaison
from eduguard.command.models.meetings import ActionItem, Meeting
from eduguard.command.models.taskforces import TaskForce, TaskForceMember

__all__ = ["ActionItem", "Department", "JointAction", "Liaison", "Meeting", "TaskForce", "TaskForceMember"]
