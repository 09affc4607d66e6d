"""PlainSelect writes exactly what Django's Select writes, without a template per option."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from partnerships.forms.widgets import PlainSelect

CHOICES = [
    ("", "All provinces"),
    ("32", "Jawa Barat"),
    ("33", "Jawa Tengah"),
    ("C", "\u2003C · Industri <pengolahan> & \"lain\" 'nya'"),
]


def both(name, value, attrs=None, choices=CHOICES):
    expected = forms.Select(choices=choices).render(name, value, attrs=attrs)
    written = PlainSelect(choices=choices).render(name, value, attrs=attrs)
    return str(expected), str(written)


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        ("", None),
        ("33", None),
        ("C", {"id": "id_kbli", "class": "form-select is-invalid", "aria-invalid": "true"}),
        ("nothing of these", {"required": True, "disabled": False, "data-x": 0}),
        (None, {"aria-describedby": 'help "quoted"'}),
    ],
)
def test_it_writes_the_same_markup_as_djangos_select(value, attrs):
    expected, written = both("province", value, attrs)
    assert written == expected


def test_it_writes_option_groups_as_django_does():
    grouped = [("", "Any"), ("Jawa", [("32", "Jawa Barat"), ("33", "Jawa Tengah")]), ("51", "Bali")]
    expected, written = both("place", "33", choices=grouped)
    assert written == expected
    assert '<optgroup label="Jawa">' in written


def test_it_escapes_labels_and_values_but_keeps_safe_labels():
    choices = [("<x>", "<script>alert(1)</script>"), ("b", mark_safe("<em>safe</em>"))]
    expected, written = both("name", "<x>", choices=choices)
    assert written == expected
    assert "<script>" not in written
    assert "<em>safe</em>" in written


@given(
    labels=st.lists(st.text(max_size=12), min_size=1, max_size=6),
    chosen=st.integers(min_value=0, max_value=6),
)
def test_any_choices_render_alike(labels, chosen):
    choices = [(str(index), label) for index, label in enumerate(labels)]
    expected, written = both("field", str(chosen), choices=choices)
    assert written == expected
