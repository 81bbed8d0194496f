"""Helpers shared by the forms of every app."""

from django import forms
from django.core.exceptions import ValidationError


def add_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: known fields by name, the rest at the top."""
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def temperature_field(label="体温（°C）", **kwargs) -> forms.DecimalField:
    """A temperature box that opens the number pad on a phone; range checks are in the services."""
    return forms.DecimalField(
        label=label,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal", "placeholder": "36.5"}),
        **kwargs,
    )
