from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/members")


@bp.get("/mine")
def mine():
    return ""


@bp.get("/<int:partner_id>/certificate")
def certificate(partner_id: int):
    return ""
