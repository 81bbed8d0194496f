"""The bulk notice form: the unit is one of those offered to the sender (`writable_units`)."""

from django import forms

from eduguard.outreach.models import Audience
from eduguard.outreach.services.notices import unit_key, unit_label


class NoticeForm(forms.Form):
    unit = forms.ChoiceField(label="发送范围")
    audience = forms.ChoiceField(label="发送对象", choices=Audience.choices, initial=Audience.GUARDIANS)
    signature = forms.CharField(label="签名", max_length=30, help_text="短信开头【】中的发送单位")
    body = forms.CharField(label="通知内容", widget=forms.Textarea(attrs={"rows": 5}))
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "——")] + [(unit_key(u), unit_label(u)) for u in units]
