import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError

from eduguard.core.api import ScopedReadOnlyViewSet
from eduguard.response.api.serializers import IncidentSerializer
from eduguard.response.models import Incident, IncidentCase

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(9999, 12, 30)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="默认今天"),
            OpenApiParameter("status", str, enum=["open", "reported", "closed"]),
        ]
    )
)
class IncidentViewSet(ScopedReadOnlyViewSet):
    """`GET /api/v1/incidents/?date=D`: the incidents open on day D (today by default) in the
    caller's scope; `?status=open|reported|closed` narrows further."""

    queryset = Incident.objects.select_related("trigger").prefetch_related(
        Prefetch("cases", queryset=IncidentCase.objects.select_related("person"))
    )
    serializer_class = IncidentSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action != "list":
            return qs
        raw = self.request.query_params.get("date")
        try:
            day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise ValidationError({"date": ["日期格式应为 YYYY-MM-DD"]}) from None
        if not EARLIEST <= day <= LATEST:  # the day's bounds are datetimes: 0001-01-01 overflowed (a 500)
            message = _("日期超出范围（{earliest} 至 {latest}）").format(earliest=EARLIEST, latest=LATEST)
            raise ValidationError({"date": [message]})
        qs = qs.open_on(day)
        status = self.request.query_params.get("status")
        if status:
            if status not in ("open", "reported", "closed"):
                raise ValidationError({"status": ["status 应为 open、reported 或 closed"]})
            qs = qs.filter(status=status)
        return qs
