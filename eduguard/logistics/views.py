"""The staggered-return pages: the plans and the form to make one, a plan (buses, classes, the
WeChat text, publish), and one bus trip (the printable roster and the escort's boarding check)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView
from eduguard.inspection.models import Batch
from eduguard.logistics.forms import BoardForm, PlanForm, PublishForm
from eduguard.logistics.models import ClassSlot, ReturnPlan, Trip
from eduguard.logistics.services import day as service
from eduguard.logistics.services.planning import Options, build_plan


def _plan_form(user, data=None):
    batches = Batch.objects.visible_to(user).order_by("number")
    first = batches.first()
    initial = {"batch": first, "date": first.target_date if first else timezone.localdate()}
    return PlanForm(data, batches=batches, initial=initial)


class PlansView(ScopedListView):
    """GET: the plans one may see; POST: solve a new one (the bureau)."""

    model = ReturnPlan
    queryset = ReturnPlan.objects.select_related("batch")
    template_name = "logistics/plans.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = kwargs.get("form") or _plan_form(self.request.user)
        return ctx

    def post(self, request):
        form = _plan_form(request.user, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            batch = data.pop("batch")
            plan = build_plan(batch=batch, options=Options(**data), actor=request.user)
            if plan.problems:
                messages.error(request, "方案无法满足，见下方原因")
            else:
                messages.success(request, f"已生成方案：用车 {plan.buses_used or 0} 辆")
            return redirect(plan.get_absolute_url())
        self.object_list = self.get_queryset()
        return render(request, self.template_name, self.get_context_data(form=form), status=400)


class PlanView(ScopedDetailView):
    model = ReturnPlan
    queryset = ReturnPlan.objects.select_related("batch", "created_by", "published_by")
    template_name = "logistics/plan.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, plan = self.request.user, self.object
        trips = (
            Trip.objects.visible_to(user)
            .filter(plan=plan)
            .select_related("school", "point")
            .annotate(n=Count("rides"), n_boarded=Count("rides", filter=Q(rides__boarded_at__isnull=False)))
            .order_by("departs_at", "point__township", "point__name", "vehicle")
        )
        slots = (
            ClassSlot.objects.visible_to(user)
            .filter(plan=plan)
            .select_related("school_class__school")
            .order_by("school_class__school__code", "arrive_at", "gate")
        )
        planner = service.may_plan(user, plan.batch)
        ctx.update(
            planner=planner,
            problems=plan.problems if planner else [],  # they name schools outside a school's scope
            trips=trips,
            slots=slots,
            riders=sum(t.n for t in trips),
            text=service.wechat_text(plan, trips, slots) if plan.status != "failed" else "",
            may_publish=planner and plan.status == "solved",
            publish_form=kwargs.get("publish_form") or PublishForm(),
        )
        return ctx


class PublishView(ScopedActionView):
    model = ReturnPlan
    form_class = PublishForm
    context_name = "publish_form"
    detail_view = PlanView

    def act(self, data) -> str:
        sent = service.publish(plan=self.object, actor=self.request.user)
        return f"方案已发布，已向家长发送通知 {sent} 条"


class TripView(ScopedDetailView):
    """One bus: its roster (guardians' phones masked unless one may see them; that is logged),
    and, on the day, the escort's boarding check and who is still missing."""

    model = Trip
    queryset = Trip.objects.select_related("school", "point", "bus", "plan")
    template_name = "logistics/trip.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, trip = self.request.user, self.object
        state = service.trip_state(trip)
        reveal = user.has_perm("org.unmask_person")
        for ride in state.rides:
            ride.phones = [
                (g.name, g.reveal_phone() if reveal else g.phone_masked) for g in ride.person.guardians.all()
            ]
        if reveal:
            record_access(
                actor=user,
                action=AccessAction.UNMASK,
                obj=trip,
                detail={"what": "guardian phones"},
                request=self.request,
            )
        ctx.update(
            state=state,
            may_board=service.may_escort(user, trip)
            and trip.plan is not None
            and trip.plan.status == "published"
            and trip.date == timezone.localdate(),
            board_errors=kwargs.get("board_form").errors if kwargs.get("board_form") else None,
        )
        return ctx


class BoardView(ScopedActionView):
    model = Trip
    form_class = BoardForm
    context_name = "board_form"
    detail_view = TripView

    def act(self, data) -> str:
        ride = self.object.rides.filter(pk=data["ride"]).select_related("person").first()
        if ride is None:
            raise ValidationError({"ride": ["该学生不在本车名单中"]})
        ride = service.board(ride=ride, actor=self.request.user, boarded=data["boarded"])
        return f"{ride.person.name} {'已上车' if ride.boarded_at else '已取消上车'}"
