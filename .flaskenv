# Loaded by the `flask` command only (never by wsgi.py under a production server).
FLASK_APP=wsgi
APP_ENV=development
