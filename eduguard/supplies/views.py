"""The supplies pages: the county's overview (totals by item and source, on order, days of cover
per school, the distribution to bring a batch to its reserve), a store with its stock, movements and
forms, and the purchase orders with their deliveries."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from eduguard.core.forms import add_errors
from eduguard.core.views import ScopedActionView, ScopedDetailView, ScopedListView
from eduguard.inspection.models import Batch
from eduguard.org.models import School
from eduguard.supplies import forms as f
from eduguard.supplies.models import Item, Movement, Order, Stock, Store
from eduguard.supplies.services import cover as c
from eduguard.supplies.services import movements as m
from eduguard.supplies.services import orders as o


def _item(request):
    code = request.GET.get("item") or "mask"
    return Item.objects.filter(code=code, active=True).first() or Item.objects.filter(active=True).first()


class OverviewView(LoginRequiredMixin, TemplateView):
    template_name = "supplies/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        item = _item(self.request)  # ?item=<code>, masks by default
        warehouses = Store.objects.visible_to(user).filter(school__isnull=True).select_related("county")
        county = warehouses.first().county if warehouses.exists() else None
        schools = School.objects.visible_to(user)
        ctx.update(item=item, items=Item.objects.filter(active=True), county=county, today=today)
        if item is not None:
            ctx["rows"] = c.cover(item, schools, today)
        if county is not None:
            t = c.totals(county)
            items = list(Item.objects.filter(active=True))
            ctx["totals"] = [
                (i, t.by_item.get(i.pk, 0), t.on_order.get(i.pk, 0), c.county_days(i, county, today))
                for i in items
            ]
            ctx["sources"] = [
                (i, label, t.by_source.get((i.pk, code), 0))
                for i in items
                for code, label in f.Source.choices
                if t.by_source.get((i.pk, code))
            ]
            ctx["sentence"] = c.mask_sentence(county)
            batches = Batch.objects.filter(county=county).order_by("number")
            upcoming = batches.filter(target_date__gte=today).first() or batches.last()  # the next to open
            data = self.request.GET if "batch" in self.request.GET else None
            form = kwargs.get("distribute_form") or f.DistributeForm(
                data, batches=batches, initial={"batch": upcoming, "item": item.code if item else None}
            )
            ctx["distribute_form"] = form
            batch = form.cleaned_data["batch"] if form.is_bound and form.is_valid() else upcoming
            if batch is not None and item is not None:
                ctx["proposal"] = c.propose(item, batch, today)
                ctx["batch"] = batch
            ctx["warehouse"] = warehouses.first()
            ctx["may_distribute"] = m.may_move(user, warehouses.first())
        ctx["stores"] = Store.objects.visible_to(user).select_related("school")
        return ctx


class DistributeView(LoginRequiredMixin, View):
    """POST: turn the proposal for a batch and an item into transfers from the warehouse."""

    template_name = OverviewView.template_name

    def post(self, request):
        warehouse = Store.objects.visible_to(request.user).filter(school__isnull=True).first()
        batches = Batch.objects.filter(county=warehouse.county) if warehouse else Batch.objects.none()
        form = f.DistributeForm(request.POST, batches=batches)
        if form.is_valid():
            try:
                moves = c.distribute(actor=request.user, day=timezone.localdate(), **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已生成调拨 {len(moves)} 笔")
                return redirect("supplies:overview")
        page = OverviewView(request=request, kwargs={})
        return render(request, self.template_name, page.get_context_data(distribute_form=form), status=400)


def _targets(store: Store):
    """Where a store sends to: the warehouse to any school of the county; a school back to the
    warehouse only (so its page names no other school)."""
    stores = Store.objects.filter(county=store.county).exclude(pk=store.pk)
    return stores if store.is_warehouse else stores.filter(school__isnull=True)


class StoreView(ScopedDetailView):
    model = Store
    queryset = Store.objects.select_related("school", "county")
    template_name = "supplies/store.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        store, user, today = self.object, self.request.user, timezone.localdate()
        others = _targets(store)
        initial = {"date": today}
        ctx.update(
            stock=Stock.objects.filter(store=store).select_related("item"),
            movements=(Movement.objects.filter(from_store=store) | Movement.objects.filter(to_store=store))
            .select_related("item", "from_store", "to_store")
            .order_by("-date", "-id")[:100],
            may_move=m.may_move(user, store),
            # four forms on one page: each with its own element ids (the field names stay plain)
            receive_form=kwargs.get("receive_form") or f.ReceiveForm(initial=initial, auto_id="receive_%s"),
            transfer_form=kwargs.get("transfer_form")
            or f.TransferForm(initial=initial, stores=others, auto_id="transfer_%s"),
            take_out_form=kwargs.get("take_out_form")
            or f.TakeOutForm(initial=initial, auto_id="take_out_%s"),
            count_form=kwargs.get("count_form") or f.CountForm(initial=initial, auto_id="count_%s"),
        )
        return ctx


class _StoreAction(ScopedActionView):
    model = Store
    detail_view = StoreView

    def get_form(self):
        return self.form_class(self.request.POST, auto_id=self.context_name.removesuffix("form") + "%s")


class ReceiveView(_StoreAction):
    form_class, context_name = f.ReceiveForm, "receive_form"

    def act(self, data) -> str:
        mv = m.receive(store=self.object, actor=self.request.user, **data)
        return f"已入库 {mv.item.name} {m.show(mv.quantity)}{mv.item.unit}"


class TransferView(_StoreAction):
    form_class, context_name = f.TransferForm, "transfer_form"

    def get_form(self):
        return f.TransferForm(self.request.POST, stores=_targets(self.object), auto_id="transfer_%s")

    def act(self, data) -> str:
        mv = m.transfer(from_store=self.object, actor=self.request.user, **data)
        return f"已调拨 {mv.item.name} {m.show(mv.quantity)}{mv.item.unit} 至 {mv.to_store}"


class TakeOutView(_StoreAction):
    form_class, context_name = f.TakeOutForm, "take_out_form"

    def act(self, data) -> str:
        mv = m.take_out(store=self.object, actor=self.request.user, **data)
        return f"已{mv.get_kind_display()} {mv.item.name} {m.show(mv.quantity)}{mv.item.unit}"


class CountView(_StoreAction):
    form_class, context_name = f.CountForm, "count_form"

    def act(self, data) -> str:
        mv = m.count(store=self.object, actor=self.request.user, **data)
        return "盘点相符" if mv is None else f"盘点差异 {m.show(mv.quantity)}{mv.item.unit} 已入账"


class OrdersView(ScopedListView):
    model = Order
    template_name = "supplies/orders.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = kwargs.get("form") or f.OrderForm(initial={"ordered_on": timezone.localdate()})
        return ctx

    def post(self, request):
        warehouse = Store.objects.visible_to(request.user).filter(school__isnull=True).first()
        form = f.OrderForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            lines = [
                o.LineIn(i, data[f"q_{i.code}"], data[f"e_{i.code}"])
                for i in form.items
                if data[f"q_{i.code}"].strip()
            ]
            try:
                if warehouse is None:
                    raise ValidationError({"__all__": ["只有教育局物资管理人员可以下达采购订单"]})
                order = o.place_order(
                    county=warehouse.county,
                    supplier=data["supplier"],
                    source=data["source"],
                    ordered_on=data["ordered_on"],
                    note=data["note"],
                    lines=lines,
                    actor=request.user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已下单：{order.supplier}")
                return redirect(order.get_absolute_url())
        self.object_list = self.get_queryset()
        return render(request, self.template_name, self.get_context_data(form=form), status=400)


class OrderView(ScopedDetailView):
    model = Order
    template_name = "supplies/order.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        lines = self.object.lines.select_related("item")
        ctx.update(
            lines=lines,
            may_order=o.may_order(self.request.user, self.object.county),
            delivery_form=kwargs.get("delivery_form")
            or f.DeliveryForm(lines=lines, initial={"date": timezone.localdate()}),
            close_form=f.CloseForm(),
        )
        return ctx


class DeliveryView(ScopedActionView):
    model = Order
    form_class, context_name, detail_view = f.DeliveryForm, "delivery_form", OrderView

    def get_form(self):
        return f.DeliveryForm(self.request.POST, lines=self.object.lines.all())

    def act(self, data) -> str:
        order, line = self.object, data["line"]
        warehouse = Store.objects.filter(county=order.county, school__isnull=True).first()
        if warehouse is None:
            raise ValidationError({"__all__": ["本县没有物资仓库（在管理后台登记）"]})
        mv = m.receive(
            store=warehouse,
            item=line.item,
            quantity=data["quantity"],
            source=order.source,
            order_line=line,
            date=data["date"],
            actor=self.request.user,
        )
        return f"到货入库 {mv.item.name} {m.show(mv.quantity)}{mv.item.unit}"


class CloseOrderView(ScopedActionView):
    model = Order
    form_class, context_name, detail_view = f.CloseForm, "close_form", OrderView

    def act(self, data) -> str:
        o.close_order(order=self.object, actor=self.request.user)
        return "订单已关闭"
