"""Helpers shared by the forms of every app."""

from django.core.exceptions import ValidationError


def add_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: known fields by name, the rest at the top."""
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
