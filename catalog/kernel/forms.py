"""Show a service's refusal on the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put each error of ``exc`` on the form field of the same name; an error about something
    the form has no field for (a rule over several fields, or a service-only argument) goes
    above the form."""
    if not hasattr(exc, "error_dict"):  # ValidationError("...") names no field
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def error_text(exc: Exception) -> str:
    """A service's refusal as one line for a flash message: each message once, in order.

    Field names are left out: they are codes, and each message already names what it is
    about in the reader's language.
    """
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)
