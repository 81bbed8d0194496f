"""Page base classes: every list and detail view reads through `visible_to(request.user)`."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.views.generic import DetailView, ListView


class ScopedQuerysetMixin(LoginRequiredMixin):
    """get_queryset() starts from the model's scoped manager; a subclass may narrow it further."""

    model = None
    queryset = None  # optional ScopedQuerySet with select_related etc.

    def get_queryset(self):
        base = self.queryset if self.queryset is not None else self.model.objects.all()
        return base.visible_to(self.request.user)


class ScopedListView(ScopedQuerysetMixin, ListView):
    paginate_by = 50


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """An object outside the user's scope is a plain 404, the same as one that does not exist."""


def healthz(request):
    """Liveness for a load balancer; also the bare JSON view the benchmarks compare against."""
    return JsonResponse({"ok": True})
