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


class BoardForm(forms.Form):
    ride = forms.IntegerField(widget=forms.HiddenInput)
    boarded = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PublishForm(forms.Form):
    confirm = forms.BooleanField(widget=forms.HiddenInput, initial=True)
