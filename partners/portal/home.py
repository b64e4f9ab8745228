"""The home page (トップページ): the dashboard for a signed-in person, then the programme's public blocks."""

from flask import render_template
from flask_login import current_user

from partners.members.next_step import next_steps
from partners.portal import providers
from partners.portal.blocks import blocks_for


def home_page() -> str:
    visitor = providers.Visitor(current_user, next_steps(current_user) if current_user.is_authenticated else [])
    personal, public = blocks_for(visitor)
    return render_template("portal/home.html", personal=personal, public=public)
