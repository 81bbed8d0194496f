"""Scope of the command records (DESIGN principle 1).

A record of the bureau itself (no school: the county task force and its meetings, the departments,
the joint actions) is seen at county level; a school's task force and meetings with the school
(those who see it whole, and the county). An action item is also seen by its owner, whatever
their scope: it is their work. A joint action is also seen with any school it involved."""

from django.db.models import Exists, OuterRef, Q

from eduguard.accounts.scope import scope_for
from eduguard.org.managers import ScopedQuerySet, unit_q


class UnitRecordQuerySet(ScopedQuerySet):
    """Task forces and meetings: a school's, or the bureau's (school empty) at county level."""

    def scope_q(self, s):
        return unit_q(s, school="school_id", county="county_id")


class MemberQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        from eduguard.command.models import TaskForce

        forces = TaskForce.objects.all()
        return Q(task_force_id__in=forces.filter(forces.scope_q(s)).values("id"))


class ActionItemQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        from eduguard.command.models import Meeting

        meetings = Meeting.objects.all()
        return Q(meeting_id__in=meetings.filter(meetings.scope_q(s)).values("id"))

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.everything:
            return self.all()
        mine = Q(owner_id=user.pk) if user is not None and user.is_authenticated else Q(pk__in=[])
        return self.filter(self.scope_q(scope) | mine)


class CountyRecordQuerySet(ScopedQuerySet):
    """Departments: the county's own list, at county level."""

    def scope_q(self, s):
        return Q(county_id__in=s.county_ids)


class LiaisonQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(department__county_id__in=s.county_ids)


class JointActionQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        from eduguard.command.models import JointAction

        involved = JointAction.schools.through.objects.filter(
            jointaction_id=OuterRef("pk"), school_id__in=s.school_ids
        )
        return Q(county_id__in=s.county_ids) | Q(Exists(involved))
