"""Forms of the supplies pages: shape only; quantities, stock and roles are the services' to judge."""

from django import forms

from eduguard.core.forms import DATE
from eduguard.inspection.models import Batch
from eduguard.supplies.models import Item, Kind, OrderLine, Source, Store

QTY = forms.TextInput(attrs={"inputmode": "decimal"})


def _items():
    return Item.objects.filter(active=True)


class ReceiveForm(forms.Form):
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none())
    quantity = forms.CharField(label="数量", max_length=20, widget=QTY)
    source = forms.ChoiceField(label="来源", choices=[("", "——")] + Source.choices)
    donor = forms.CharField(label="捐赠方", max_length=60, required=False)
    date = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = _items()


class TransferForm(forms.Form):
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none())
    quantity = forms.CharField(label="数量", max_length=20, widget=QTY)
    to_store = forms.ModelChoiceField(label="调入", queryset=Store.objects.none())
    date = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, stores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = _items()
        self.fields["to_store"].queryset = stores if stores is not None else Store.objects.none()


class TakeOutForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=[(k, v) for k, v in Kind.choices if k in ("issue", "consume", "write_off")]
    )
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none())
    quantity = forms.CharField(label="数量", max_length=20, widget=QTY)
    date = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="领用人或说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = _items()


class CountForm(forms.Form):
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none())
    counted = forms.CharField(label="盘点实数", max_length=20, widget=QTY)
    date = forms.DateField(label="日期", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = _items()


class OrderForm(forms.Form):
    supplier = forms.CharField(label="供应商", max_length=80)
    source = forms.ChoiceField(
        label="资金来源", choices=[("higher", "向上争取"), ("bureau", "局统筹"), ("school", "学校自筹")]
    )
    ordered_on = forms.DateField(label="下单日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        """A quantity and an expected date for each item; the items left empty are not ordered."""
        super().__init__(*args, **kwargs)
        self.items = list(_items())
        for item in self.items:
            self.fields[f"q_{item.code}"] = forms.CharField(
                label=f"{item.name}（{item.unit}）", max_length=20, required=False, widget=QTY
            )
            self.fields[f"e_{item.code}"] = forms.DateField(
                label=f"{item.name}预计到货", required=False, widget=DATE
            )


class DeliveryForm(forms.Form):
    line = forms.ModelChoiceField(label="订单明细", queryset=OrderLine.objects.none())
    quantity = forms.CharField(label="到货数量", max_length=20, widget=QTY)
    date = forms.DateField(label="到货日期", widget=DATE)

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines if lines is not None else OrderLine.objects.none()


class CloseForm(forms.Form):
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class DistributeForm(forms.Form):
    batch = forms.ModelChoiceField(label="开学批次", queryset=Batch.objects.none())
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none(), to_field_name="code")

    def __init__(self, *args, batches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches if batches is not None else Batch.objects.none()
        self.fields["item"].queryset = _items()
