import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from eduguard.core.api import ScopedReadOnlyViewSet
from eduguard.response.api.serializers import IncidentSerializer
from eduguard.response.models import Incident, IncidentCase


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
        qs = qs.open_on(day)
        status = self.request.query_params.get("status")
        if status:
            if status not in ("open", "reported", "closed"):
                raise ValidationError({"status": ["status 应为 open、reported 或 closed"]})
            qs = qs.filter(status=status)
        return qs
