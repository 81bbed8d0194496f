import functools

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from eduguard.core.schema import error_response
from eduguard.health.api import fast, payload
from eduguard.health.api import serializers as s
from eduguard.health.services.reporters import reporter_kind_for
from eduguard.health.services.reports import submit_report
from eduguard.health.services.rollcall import roll_call
from eduguard.health.services.stats import daily_stats
from eduguard.org.lookups import visible_person
from eduguard.org.models import SchoolClass


class DailyReportView(APIView):
    """POST a person's report for a day: 201 when new, 200 when it replaced that day's report."""

    # The well-formed token-holder case is answered by `fast.answer_or_none` before DRF's
    # dispatch (the schema still comes from this class); every other request, and every
    # refusal, comes through DRF as before.
    @classmethod
    def as_view(cls, **initkwargs):
        drf_view = super().as_view(**initkwargs)

        @functools.wraps(drf_view)
        def view(request, *args, **kwargs):
            if request.method == "POST":
                answer = fast.answer_or_none(request)
                if answer is not None:
                    return answer
            return drf_view(request, *args, **kwargs)

        return view

    @extend_schema(
        request=s.DailyReportInSerializer,
        responses={200: s.DailyReportSerializer, 201: s.DailyReportSerializer},
    )
    def post(self, request):
        person_id, day, answers = payload.parse(request.data)
        person = visible_person(request.user, person_id)
        if person is None:  # outside the caller's scope reads exactly like absent
            raise ValidationError({"person": [f"人员 {person_id} 不存在"]})
        report, created = submit_report(
            person=person,
            day=day,
            data=answers,
            reporter_kind=reporter_kind_for(request.user, person),
            source="api",
            actor=request.user,
        )
        return Response(
            s.report_json(report),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class RollCallView(APIView):
    """Expected, reported, missing and abnormal people of one class on one day, and the 接龙 text."""

    @extend_schema(
        parameters=[s.RollCallQuerySerializer],
        responses={200: s.RollCallSerializer, 404: error_response("404")},
    )
    def get(self, request):
        query = s.RollCallQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        klass = get_object_or_404(
            SchoolClass.objects.visible_to(request.user).select_related("school"),
            pk=query.validated_data["class"],
        )
        call = roll_call(klass, query.validated_data["date"])
        body = {
            "expected": len(call.expected),
            "reported": call.reported,
            "completion_rate": call.completion_rate,
            "missing": [{"id": p.id, "name": p.name} for p in call.missing],
            "abnormal": [
                {"id": p.id, "name": p.name, "reasons": r.abnormal_reasons, "temperature": r.temperature}
                for p, r in call.abnormal
            ],
            "summary": call.summary_line(),
            "text": call.chain_text(),
        }
        return Response(s.RollCallSerializer(body).data)


class DailyStatsView(APIView):
    """One row per unit at a level (county, grid, school, grade, class), optionally under a parent."""

    @extend_schema(parameters=[s.StatsQuerySerializer], responses={200: s.UnitStatsPageSerializer})
    def get(self, request):
        query = s.StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = [r.as_dict() for r in daily_stats(request.user, **_stats_args(query.validated_data))]
        return Response({"count": len(rows), "next": None, "previous": None, "results": rows})


def _stats_args(q: dict) -> dict:
    return {"day": q["date"], "level": q["level"], "parent": q.get("parent")}
