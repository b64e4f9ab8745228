from flask import Blueprint

bp = Blueprint("member_files", __name__, url_prefix="/staff/partners")
