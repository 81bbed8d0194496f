"""The fever events: the school's list, recording one, and its page with the step the state
allows (isolate, re-test, back to class, refer, the clinic's conclusion, return)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView, ScopedQuerysetMixin
from eduguard.health.choices import Symptom
from eduguard.health.services.values import check_symptoms
from eduguard.org.filters import parse_id
from eduguard.org.models import Person
from eduguard.response.forms import ConfirmForm, DetectForm, IsolateForm, OutcomeForm, ReferForm, RetestForm
from eduguard.response.models import FeverEvent
from eduguard.response.services import fever as service

EVENTS = FeverEvent.objects.select_related("person", "school", "school_class", "room")


def symptom_labels(day=None) -> dict[str, str]:
    """Labels of both symptom lists: the class checks' and the daily report's."""
    return {**dict(Symptom.choices), **check_symptoms(day or timezone.localdate())}


class FeverListView(ScopedListView):
    """?show=open (default) or all; ?school=ID narrows to one school."""

    model = FeverEvent
    queryset = EVENTS
    template_name = "response/fevers.html"

    def get_queryset(self):
        self.show = "all" if self.request.GET.get("show") == "all" else "open"
        qs = super().get_queryset()
        qs = qs if self.show == "all" else qs.open()
        school = parse_id(self.request.GET.get("school"))
        return qs.filter(school_id=school) if school else qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, **kwargs)


class FeverNewView(ScopedQuerysetMixin, View):
    """?person=ID: record a fever found at the gate, a check or an observation."""

    model = Person
    template_name = "response/fever_new.html"

    def get_person(self) -> Person:
        pk = parse_id(self.request.GET.get("person"))
        if pk is None:
            raise Http404
        return get_object_or_404(self.get_queryset().select_related("school", "school_class"), pk=pk)

    def render(self, person, form, status=200):
        ctx = {"person": person, "form": form, "may_detect": service.may_detect(self.request.user, person)}
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request):
        person = self.get_person()
        return self.render(person, DetectForm(symptoms=check_symptoms(timezone.localdate())))

    def post(self, request):
        person = self.get_person()
        form = DetectForm(request.POST, symptoms=check_symptoms(timezone.localdate()))
        if form.is_valid():
            try:
                event = service.detect_fever(person=person, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已登记{person.name}发热，已通知校医")
                return redirect(event.get_absolute_url())
        return self.render(person, form, status=400)


class FeverDetailView(ScopedDetailView):
    model = FeverEvent
    queryset = EVENTS
    template_name = "response/fever.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        e, user = self.object, self.request.user
        may = service.may_handle(user, e)
        actions = service.allowed(e) if may else []
        rooms = list(service.isolation_rooms(user, e.school_id))
        for room in rooms:
            room.inside, room.clean = service.room_state(room)
        labels = symptom_labels()
        forms = {
            "isolate_form": IsolateForm(rooms=service.isolation_rooms(user, e.school_id)),
            "retest_form": RetestForm(),
            "clear_form": ConfirmForm(),
            "return_form": ConfirmForm(),
            "refer_form": ReferForm(),
            "outcome_form": OutcomeForm(),
        }
        forms.update({k: v for k, v in kwargs.items() if k.endswith("_form")})
        ctx.update(
            forms,
            actions=actions,
            rooms=rooms,
            symptom_names=[labels.get(s, s) for s in e.symptoms],
            readings=e.readings.select_related("by"),
            steps=e.steps.select_related("by"),
            threshold=service.threshold(timezone.localdate()),
        )
        return ctx


class _FeverAction(ScopedActionView):
    model = FeverEvent
    queryset = EVENTS
    detail_view = FeverDetailView


class IsolateView(_FeverAction):
    context_name = "isolate_form"

    def get_form(self):
        return IsolateForm(
            self.request.POST, rooms=service.isolation_rooms(self.request.user, self.object.school_id)
        )

    def act(self, data) -> str:
        service.isolate(event=self.object, actor=self.request.user, **data)
        return f"{self.object.person.name}已进入{data['room'].name}"


class RetestView(_FeverAction):
    form_class = RetestForm
    context_name = "retest_form"

    def act(self, data) -> str:
        reading = service.retest(event=self.object, actor=self.request.user, **data)
        return f"复测体温 {reading.temperature}℃ 已记录"


class ClearView(_FeverAction):
    form_class = ConfirmForm
    context_name = "clear_form"

    def act(self, data) -> str:
        service.clear(event=self.object, actor=self.request.user, note=data["note"])
        return f"{self.object.person.name}复测正常，已回班"


class ReferView(_FeverAction):
    form_class = ReferForm
    context_name = "refer_form"

    def act(self, data) -> str:
        event = service.refer(event=self.object, actor=self.request.user, **data)
        return f"已转诊{event.referred_to}，已登记缺勤并建立报告事件"


class OutcomeView(_FeverAction):
    form_class = OutcomeForm
    context_name = "outcome_form"

    def act(self, data) -> str:
        if data["outcome"] == "confirm":
            service.confirm(
                event=self.object,
                actor=self.request.user,
                diagnosis=data["diagnosis"],
                disease=data["disease"],
            )
            return "已登记确诊/疑似，请立即向疾控机构和教育部门报告"
        service.exclude(
            event=self.object,
            actor=self.request.user,
            diagnosis=data["diagnosis"],
            infectious=data["infectious"],
            disease=data["disease"],
        )
        return "已登记诊断，病愈后凭复课证明返校"


class ReturnView(_FeverAction):
    form_class = ConfirmForm
    context_name = "return_form"

    def act(self, data) -> str:
        service.mark_returned(event=self.object, actor=self.request.user)
        return f"{self.object.person.name}已复课，处置结束"
