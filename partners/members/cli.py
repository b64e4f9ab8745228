from flask import Blueprint

bp = Blueprint("members_cli", __name__, cli_group="partners")
