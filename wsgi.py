"""Entry point for `flask --app wsgi` and for production servers (`gunicorn wsgi:app`)."""

from partners import create_app

app = create_app()
