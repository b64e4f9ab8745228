from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SubmitField

from partners.core.forms import Form


class ImportForm(Form):
    """The file is judged by its content (csv_columns.decode), not by its name or the browser's content type."""

    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose a CSV file."))])
    dry_run = BooleanField(_l("Only check the file (dry run): nothing is saved"))
    submit = SubmitField(_l("Import"))
