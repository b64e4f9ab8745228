"""URL converters: the `int` of every route is bounded, so a hostile id answers 404 before it reaches the
database (ids are 32-bit on PostgreSQL; a Python int above 2^63 cannot even be sent to the driver)."""

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """ASCII digits only, 1 to 2^31 − 1 unless the rule says otherwise; anything else does not match (404)."""

    regex = r"[0-9]+"

    def __init__(self, url_map: Map, *args, **options) -> None:
        options.setdefault("min", 1)
        options.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **options)


def register_converters(app: Flask) -> None:
    """Called before any blueprint adds a rule, so that every `<int:...>`, today's and tomorrow's, is bounded."""
    app.url_map.converters["int"] = BoundedIntConverter
