from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from catalog.kernel.forms import add_service_errors


class _Form(forms.Form):
    title = forms.CharField()


def test_errors_go_to_their_field_and_the_rest_above_the_form():
    form = _Form(data={"title": "x"})
    assert form.is_valid()

    add_service_errors(
        form,
        ValidationError({"title": ["Taken."], "shares": ["Must sum to 100 %."]}),
    )

    assert form.errors["title"] == ["Taken."]
    assert form.non_field_errors() == ["Must sum to 100 %."]


def test_an_error_without_a_field_goes_above_the_form():
    form = _Form(data={"title": "x"})
    assert form.is_valid()

    add_service_errors(form, ValidationError("Refused."))

    assert form.non_field_errors() == ["Refused."]
