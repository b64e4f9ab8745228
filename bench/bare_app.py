"""The baseline for bench/events.py: a bare Flask app whose page renders a Jinja table of `rows` rows, sized by
the caller to the same amount of HTML as the page it is compared with.

    gunicorn --pythonpath bench 'bare_app:create_app()'"""

from flask import Flask, render_template_string

PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<table><thead><tr><th>番号</th><th>名前</th><th>内容</th></tr></thead><tbody>
{% for row in rows %}<tr><td>{{ row.number }}</td><td>{{ row.name }}</td><td>{{ row.text }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""
ROW_TEXT = "生物多様性と筑波山地域ジオパークのパートナー講座、会場とオンラインで開催します。"
MAX_ROWS = 2000


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/rows/<int:count>")
    def rows(count: int):
        count = min(count, MAX_ROWS)
        data = [{"number": number, "name": f"講座 {number}", "text": ROW_TEXT} for number in range(count)]
        return render_template_string(PAGE, title="講座・交流会", rows=data)

    return app
