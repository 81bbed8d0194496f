"""API base classes: scope enforced in the viewset, never in each view."""

from rest_framework import viewsets


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only API over `queryset.visible_to(user)`; out of scope answers 404 like missing."""

    queryset = None  # a ScopedQuerySet, e.g. School.objects.select_related("grid")

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)
