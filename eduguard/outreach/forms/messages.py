from django import forms

from eduguard.core.forms import DATE


class PeriodForm(forms.Form):
    since = forms.DateField(label="自", required=False, widget=DATE)
    until = forms.DateField(label="至", required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "结束日期不能早于开始日期")
        return data
