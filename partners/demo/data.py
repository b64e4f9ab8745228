from partners.accounts.models import Role
from partners.accounts.services import find_user_by_email
from partners.demo.accounts import demo_account
from partners.demo.awards import seed_awards
from partners.demo.events import seed_events
from partners.demo.kpi import seed_kpi
from partners.demo.partners import seed_partners
from partners.demo.portal import seed_portal
from partners.extensions import db

DEMO_PASSWORD = "sdgs-demo-2026!"  # noqa: S105 - published demo password, demo data only

DEMO_ACCOUNTS = [
    ("admin@example.jp", "管理者 太郎", [Role.ADMIN]),
    ("staff@example.jp", "市職員 花子", [Role.STAFF]),
    ("judge@example.jp", "審査員 一郎", [Role.JUDGE]),
    ("citizen@example.jp", "筑波 みどり", []),
]


def seed_demo() -> None:
    """Add whatever demo records are missing."""
    for email, name, roles in DEMO_ACCOUNTS:
        demo_account(email, name, roles, DEMO_PASSWORD)
    db.session.flush()
    seed_partners(find_user_by_email("citizen@example.jp"))
    seed_events(find_user_by_email("staff@example.jp"))
    seed_awards(find_user_by_email("staff@example.jp"))
    seed_kpi()
    seed_portal(find_user_by_email("staff@example.jp"))
