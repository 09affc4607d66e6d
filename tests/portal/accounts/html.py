"""Small checks of a page's markup, without a browser."""

from html.parser import HTMLParser

FIELDS_WITHOUT_LABEL = {"hidden", "submit", "button"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1_count = 0
        self.label_targets: set[str] = set()
        self.fields: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "h1":
            self.h1_count += 1
        elif tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        elif (
            tag in {"input", "select", "textarea"}
            and attributes.get("type") not in FIELDS_WITHOUT_LABEL
        ):
            self.fields.append(attributes)


def parse(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


def assert_accessible_basics(response) -> None:
    """One h1, and a label for every field a person fills in."""
    page = parse(response)
    assert page.h1_count == 1, f"{page.h1_count} h1 elements"
    for field in page.fields:
        assert field.get("id") in page.label_targets, f"no label for {field}"


def field_by_name(response, name: str) -> dict:
    page = parse(response)
    return next(field for field in page.fields if field.get("name") == name)
