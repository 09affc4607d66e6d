"""Widgets that render the same HTML as Django's, faster where a page has many options.

Django renders a select through one template and then one more template per option. The
public lists' filter forms offer over a hundred KBLI sectors, every province and a province's
regencies, so on the supplier directory those option templates took half of the page's time
(benchmarks/throughput.py, signed-in visitors, whose pages are never cached).
"""

from html import escape

from django import forms
from django.utils.safestring import SafeString, mark_safe


def _text(value) -> str:
    """Escaped as the template's autoescape does (Django's ``escape`` is the standard
    library's), a safe string as it is."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _attributes(attrs: dict) -> str:
    """As Django's widgets/attrs.html writes them: in order, True bare, False left out."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """``forms.Select`` written out in Python: the same markup, attributes and selection (its
    tests compare the two), without a template per option."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{_text(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{_text(group_name)}">')
            html.extend(
                f'\n  <option value="{_text(option["value"])}"{_attributes(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        # Every name, value and label above went through _text.
        return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703
