"""The baseline of the page benchmarks: a bare Flask app (no extensions, no database) that renders a plain Jinja
table of what the compared page shows.

- `/rows/<count>` (bench/events.py): `count` rows of fixed text, sized by the caller to the same amount of HTML
  as the page it is compared with.
- `/table/<name>` (bench/pages.py): the very cells one of our list pages shows (the same 50 partners' names,
  readings, kinds, districts, goals, activities…), handed over by the bench in a JSON file named by the
  BARE_TABLES environment variable: {name: {"title", "columns", "rows"}}, each cell a string or a list of strings.
  The file is read once, when the app starts, as a bare app would hold its data.

    gunicorn --pythonpath bench 'bare_app:create_app()'"""

import json
import os

from flask import Flask, abort, render_template
from jinja2 import DictLoader

PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<table><thead><tr><th>番号</th><th>名前</th><th>内容</th></tr></thead><tbody>
{% for row in rows %}<tr><td>{{ row.number }}</td><td>{{ row.name }}</td><td>{{ row.text }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""
TABLE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<table><thead><tr>{% for column in columns %}<th>{{ column }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for cell in row %}<td>
{%- if cell is string %}{{ cell }}{% else %}<ul>{% for item in cell %}<li>{{ item }}</li>{% endfor %}</ul>{% endif -%}
</td>{% endfor %}</tr>
{% endfor %}</tbody></table></main></body></html>"""
ROW_TEXT = "生物多様性と筑波山地域ジオパークのパートナー講座、会場とオンラインで開催します。"
MAX_ROWS = 2000


def create_app() -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"rows.html": PAGE, "table.html": TABLE})  # compiled once, as files would be
    tables = {}
    if os.environ.get("BARE_TABLES"):
        with open(os.environ["BARE_TABLES"], encoding="utf-8") as file:
            tables = json.load(file)

    @app.get("/rows/<int:count>")
    def rows(count: int):
        count = min(count, MAX_ROWS)
        data = [{"number": number, "name": f"講座 {number}", "text": ROW_TEXT} for number in range(count)]
        return render_template("rows.html", title="講座・交流会", rows=data)

    @app.get("/table/<name>")
    def table(name: str):
        shown = tables.get(name) or abort(404)
        return render_template("table.html", title=shown["title"], columns=shown["columns"], rows=shown["rows"])

    return app
