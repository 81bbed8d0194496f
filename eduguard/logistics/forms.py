"""Forms of the return pages: their shape only; what can be satisfied is the planner's to say."""

import datetime as dt

from django import forms

from eduguard.core.forms import DATE
from eduguard.inspection.forms import TIME
from eduguard.inspection.models import Batch


class PlanForm(forms.Form):
    batch = forms.ModelChoiceField(label="开学批次", queryset=Batch.objects.none())
    date = forms.DateField(label="返校日期", widget=DATE)
    first_departure = forms.TimeField(label="首趟发车", widget=TIME, initial=dt.time(6, 30))
    round_minutes = forms.IntegerField(label="往返一趟（分钟）", min_value=20, max_value=600, initial=90)
    max_trips = forms.IntegerField(label="每车最多趟数", min_value=1, max_value=6, initial=3)
    first_arrival = forms.TimeField(label="最早到校", widget=TIME, initial=dt.time(7, 30))
    dismissal = forms.TimeField(label="最早放学", widget=TIME, initial=dt.time(16, 30))

    def __init__(self, *args, batches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches

    def clean(self):
        """The day must hold the plan: the last wave leaves before midnight, dismissal after arrival."""
        data = super().clean()
        start, rounds, trips = data.get("first_departure"), data.get("round_minutes"), data.get("max_trips")
        if start and rounds and trips:
            last = start.hour * 60 + start.minute + (trips - 1) * rounds
            if last >= 24 * 60:
                self.add_error("round_minutes", "最后一趟发车会晚于午夜，请减少趟数或缩短往返时间")
        arrive, leave = data.get("first_arrival"), data.get("dismissal")
        if arrive and leave and leave <= arrive:
            self.add_error("dismissal", "放学时间须晚于到校时间")
        return data


class BoardForm(forms.Form):
    ride = forms.IntegerField(widget=forms.HiddenInput)
    boarded = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PublishForm(forms.Form):
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)
