from flask import Blueprint

bp = Blueprint("staff_members", __name__, url_prefix="/staff/partners")
