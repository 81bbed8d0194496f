"""The absence register: the list, registering one, its page with the follow-up, the cause and
illness, the return, and the return certificate with the doctor's review and the printed copies."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView
from eduguard.health.choices import AbsenceKind
from eduguard.health.forms.absences import (
    AbsenceForm,
    CertificateForm,
    FollowUpForm,
    NewAbsenceForm,
    ReturnForm,
    ReviewForm,
)
from eduguard.health.models import ReturnCertificate, SickAbsence
from eduguard.health.services.absences import (
    add_follow_up,
    end_absence,
    may_register,
    register_absence,
    update_absence,
)
from eduguard.health.services.certificates import (
    below_required_level,
    may_review,
    review_certificate,
    submit_certificate,
)
from eduguard.health.services.values import check_symptoms
from eduguard.org.filters import parse_id
from eduguard.org.models import Person

ABSENCES = SickAbsence.objects.select_related("person", "school", "school_class")
FILTERS = {
    "open": lambda qs: qs.open(),
    "lacking": lambda qs: qs.lacking_certificate(),
    "unknown": lambda qs: qs.open().filter(kind=AbsenceKind.UNKNOWN),
    "all": lambda qs: qs,
}


class AbsenceListView(ScopedListView):
    """The register in scope: ?show=open (default), lacking (certificate), unknown (cause), all;
    ?school=ID narrows to one school."""

    model = SickAbsence
    queryset = ABSENCES
    template_name = "health/absences.html"

    def get_queryset(self):
        self.show = self.request.GET.get("show") if self.request.GET.get("show") in FILTERS else "open"
        qs = FILTERS[self.show](super().get_queryset())
        school = parse_id(self.request.GET.get("school"))
        return qs.filter(school_id=school) if school else qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, filters=FILTERS, **kwargs)


def _absence_form(absence, data=None):
    initial = {name: getattr(absence, name) for name in NewAbsenceForm.base_fields if hasattr(absence, name)}
    initial["days"] = absence.half_days / 2
    return AbsenceForm(data, symptoms=check_symptoms(absence.started_on), initial=initial)


class AbsenceDetailView(ScopedDetailView):
    model = SickAbsence
    queryset = ABSENCES
    template_name = "health/absence.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        a, user, today = self.object, self.request.user, timezone.localdate()
        certificates = list(a.certificates.visible_to(user).select_related("reviewed_by"))
        for c in certificates:
            c.below_level = below_required_level(c.hospital_level, today)
        labels = check_symptoms(a.started_on)
        ctx.update(
            today=today,
            symptom_labels=[labels.get(code, code) for code in a.symptoms],
            follow_ups=a.follow_ups.visible_to(user).select_related("by"),
            certificates=certificates,
            may_register=may_register(user, a.person, today),
            may_review=may_review(user, a, today),
            absence_form=kwargs.get("absence_form") or _absence_form(a),
            follow_up_form=kwargs.get("follow_up_form") or FollowUpForm(initial={"on": today}),
            return_form=kwargs.get("return_form") or ReturnForm(initial={"returned_on": today}),
            certificate_form=kwargs.get("certificate_form") or CertificateForm(initial={"issued_on": today}),
            review_form=kwargs.get("review_form") or ReviewForm(initial={"return_on": today}),
        )
        return ctx


class _AbsenceAction(ScopedActionView):
    model = SickAbsence
    queryset = ABSENCES
    detail_view = AbsenceDetailView

    def get_success_url(self) -> str:
        return reverse("health:absence", args=[self.object.pk])


class AbsenceUpdateView(_AbsenceAction):
    context_name = "absence_form"

    def get_form(self):
        return _absence_form(self.object, self.request.POST)

    def act(self, data) -> str:
        details = dict(data)
        details["half_days"] = int(details.pop("days") * 2)
        update_absence(absence=self.object, actor=self.request.user, **details)
        return "缺勤登记已更新"


class FollowUpAddView(_AbsenceAction):
    form_class = FollowUpForm
    context_name = "follow_up_form"

    def act(self, data) -> str:
        add_follow_up(absence=self.object, actor=self.request.user, **data)
        return "已记录跟进情况"


class AbsenceReturnView(_AbsenceAction):
    form_class = ReturnForm
    context_name = "return_form"

    def act(self, data) -> str:
        a = end_absence(absence=self.object, actor=self.request.user, **data)
        return f"{a.person.name} 已于 {a.returned_on:%m月%d日} 返校"


class CertificateSubmitView(_AbsenceAction):
    form_class = CertificateForm
    context_name = "certificate_form"

    def act(self, data) -> str:
        submit_certificate(absence=self.object, actor=self.request.user, **data)
        return "复课证明已登记，待校医审核"


class CertificateReviewView(ScopedActionView):
    model = ReturnCertificate
    queryset = ReturnCertificate.objects.select_related("absence__person", "absence__school")
    form_class = ReviewForm
    context_name = "review_form"
    detail_view = AbsenceDetailView

    def get_object(self, queryset=None):
        """The certificate in scope; the page shown again on refusal is its absence's."""
        self.certificate = super().get_object(queryset)
        return self.certificate.absence

    def get_success_url(self) -> str:
        return reverse("health:absence", args=[self.object.pk])

    def act(self, data) -> str:
        c = review_certificate(
            certificate=self.certificate,
            approve=data["decision"] == "approve",
            actor=self.request.user,
            note=data["note"],
            return_on=data["return_on"],
        )
        if c.number:
            return f"已出具复课证明 {c.number}，{c.absence.person.name} 可于 {c.return_on:%m月%d日} 复课"
        return "校医不同意复课，学生继续居家"


class CertificateFileView(ScopedDetailView):
    """The hospital certificate's scan, to people who can see it; each opening is logged."""

    model = ReturnCertificate

    def get(self, request, *args, **kwargs):
        c = self.get_object()
        if not c.file:
            raise Http404
        record_access(
            actor=request.user, action=AccessAction.VIEW, obj=c, detail={"what": "file"}, request=request
        )
        return FileResponse(c.file.open("rb"), filename=c.file.name.rsplit("/", 1)[-1])


class CertificatePrintView(ScopedDetailView):
    """The school's return certificate in two copies (the student's and the school's stub)."""

    model = ReturnCertificate
    queryset = ReturnCertificate.objects.select_related(
        "absence__person", "absence__school", "absence__school_class", "reviewed_by"
    )
    template_name = "health/certificate_print.html"
    extra_context = {"copies": ["学生联", "学校存根"]}

    def get_object(self, queryset=None):
        c = super().get_object(queryset)
        if not c.number:
            raise Http404  # only an approved certificate has a school copy to print
        return c


class AbsenceCreateView(LoginRequiredMixin, View):
    """Register an absence for ?person=ID by hand."""

    template_name = "health/absence_form.html"

    def person(self, request) -> Person:
        pk = parse_id(request.GET.get("person"))
        if pk is None:
            raise Http404
        return get_object_or_404(
            Person.objects.visible_to(request.user).select_related("school_class"), pk=pk
        )

    def form(self, data=None):
        today = timezone.localdate()
        return NewAbsenceForm(data, symptoms=check_symptoms(today), initial={"started_on": today})

    def get(self, request):
        return self.render(self.person(request), self.form())

    def post(self, request):
        person = self.person(request)
        form = self.form(request.POST)
        if form.is_valid():
            try:
                a = register_absence(
                    person=person,
                    started_on=form.cleaned_data["started_on"],
                    actor=request.user,
                    **form.details(),
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已登记 {person.name} 的缺勤")
                return redirect("health:absence", a.pk)
        return self.render(person, form, status=400)

    def render(self, person, form, status=200):
        return render(self.request, self.template_name, {"person": person, "form": form}, status=status)
