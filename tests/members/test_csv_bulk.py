"""The partner import and export at scale: they run the same statements for 8 rows as for 40 (no round trip per
row), an update writes exactly what changed, and numbers are issued in bulk without reusing a taken one."""

from contextlib import contextmanager

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import event, select, update

from partners.extensions import db
from partners.members.models import MemberNumberCounter, PartnerKind
from partners.members.search import matching_partner_ids
from tests.conftest import empty_all_tables
from tests.factories import gen_partner
from tests.members.test_csv_import import ECOPLUS, HANAKO, csv_file, partners, row


def many_rows(count: int, **changes: str) -> list[list[str]]:
    """`count` partners of every sort an import creates: individuals with and without a member number, groups,
    applicants, suspended members."""
    rows = []
    for index in range(count):
        sort = index % 4
        if sort == 0:
            rows.append(row(HANAKO, email=f"p{index}@example.jp", member_no=f"I-{index + 1:05d}", **changes))
        elif sort == 1:
            rows.append(row(HANAKO, email=f"p{index}@example.jp", status="休止", **changes))
        elif sort == 2:
            rows.append(row(ECOPLUS, email=f"g{index}@example.jp", member_no=f"G-{index + 1:05d}", **changes))
        else:
            rows.append(row(HANAKO, email=f"p{index}@example.jp", status="申請中", joined_on="", **changes))
    return rows


@contextmanager
def statements(app):
    """The SQL statements run inside the block (COPY streams on PostgreSQL go past SQLAlchemy and are not
    counted; there is one per table written)."""
    with app.app_context():
        engine = db.engine
    seen = []

    def count(_connection, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def import_file(app, runner, tmp_path, content: bytes) -> None:
    path = tmp_path / "partners.csv"
    path.write_bytes(content)
    result = runner.invoke(args=["partners", "import", str(path)])
    assert result.exit_code == 0, result.output


def test_an_import_runs_as_many_statements_for_40_rows_as_for_8(app, runner, tmp_path):
    counts = {}
    for size in (8, 40):
        with app.app_context():
            empty_all_tables()
        with statements(app) as created:
            import_file(app, runner, tmp_path, csv_file(*many_rows(size)))
        with statements(app) as unchanged:
            import_file(app, runner, tmp_path, csv_file(*many_rows(size)))
        with statements(app) as updated:
            import_file(app, runner, tmp_path, csv_file(*many_rows(size, activities="里山の保全", goals="3;13")))
        counts[size] = len(created), len(unchanged), len(updated)
        assert len(partners(app)) == size
    assert counts[8] == counts[40], counts


def test_an_update_writes_the_changed_goals_and_text_and_the_index_follows(app, runner, tmp_path):
    import_file(app, runner, tmp_path, csv_file(HANAKO, ECOPLUS))
    before = partners(app)
    import_file(app, runner, tmp_path, csv_file(row(HANAKO, member_no="I-00001", goals="3;13", activities="古着の回収"),
                                                ECOPLUS))
    hanako, ecoplus = partners(app)
    assert (hanako.goals, hanako.activities) == ([3, 13], "古着の回収")
    assert hanako.updated_at > before[0].updated_at
    assert (ecoplus.goals, ecoplus.updated_at) == (before[1].goals, before[1].updated_at)  # unchanged: not written
    with app.app_context():
        assert db.session.scalars(matching_partner_ids("古着")).all() == [hanako.id]
        assert db.session.scalars(matching_partner_ids("子ども食堂")).all() == []


def test_an_import_keeps_the_fields_its_file_has_no_column_for(app, runner, tmp_path):
    stored = gen_partner(app, email="hana@example.jp", phone="029-123-4567")
    import_file(app, runner, tmp_path, csv_file(["個人", "hana@example.jp", "読み聞かせ"],
                                                header=["kind", "email", "activities"]))
    (hanako,) = partners(app)
    assert (hanako.id, hanako.activities, hanako.phone) == (stored.id, "読み聞かせ", "029-123-4567")


def test_numbers_are_issued_in_file_order_past_the_taken_ones(app, runner, tmp_path):
    gen_partner(app, email="first@example.jp")  # I-00001
    with app.app_context():
        db.session.execute(update(MemberNumberCounter).values(last_value=0))  # as if the counter had been reset
        db.session.commit()
    import_file(app, runner, tmp_path, csv_file(row(HANAKO, email="a@example.jp"), row(ECOPLUS, member_no="",
                                                                                         email="e@example.jp"),
                                                row(HANAKO, email="b@example.jp")))
    assert [partner.member_no for partner in partners(app)] == ["I-00001", "I-00002", "G-00001", "I-00003"]
    with app.app_context():
        assert db.session.get(MemberNumberCounter, PartnerKind.INDIVIDUAL).last_value == 3


def test_a_dry_run_writes_nothing_not_even_the_number_counter(app, runner, tmp_path):
    path = tmp_path / "partners.csv"
    path.write_bytes(csv_file(HANAKO, ECOPLUS))
    with statements(app) as seen:
        result = runner.invoke(args=["partners", "import", str(path), "--dry-run"])
    assert "1 individual(s) and 1 group(s) created" in result.output
    assert not [statement for statement in seen if statement.lstrip().upper().startswith(("INSERT", "UPDATE",
                                                                                          "DELETE"))]
    with app.app_context():
        assert db.session.scalars(select(MemberNumberCounter)).all() == []


def test_the_export_runs_as_many_statements_for_40_partners_as_for_8(app, runner, tmp_path):
    counts = []
    for size in (8, 40):
        with app.app_context():
            empty_all_tables()
        import_file(app, runner, tmp_path, csv_file(*many_rows(size)))
        with statements(app) as seen:
            result = runner.invoke(args=["partners", "export"])
        assert result.exit_code == 0 and result.output.count("@example.jp") == size
        counts.append(len(seen))
    assert counts[0] == counts[1]


def test_e_mail_addresses_are_judged_by_email_validator_also_when_checked_once_per_domain(app, runner, tmp_path):
    """The import checks a plain address (letters, digits, single . _ + -) through its domain, once per domain;
    every verdict must still be email_validator's own."""
    addresses = ["a.b+c_d-e@example.jp", "a..b@example.jp", ".a@example.jp", "a.@example.jp", "-a@example.jp",
                 "a@example", "a@-x.jp", "a@x_y.jp", "a@localhost", "b@foo.test", "a@ex..ample.jp", "a@xn--fsq.jp",
                 "a@例え.jp", "あ@example.jp", "a" * 65 + "@example.jp", "c@" + "b" * 64 + ".jp", "d@b.c"]
    expected_valid = set()
    for address in addresses:
        try:
            validate_email(address, check_deliverability=False)
            expected_valid.add(address)
        except EmailNotValidError:
            pass
    assert 4 < len(expected_valid) < len(addresses) - 4  # the list holds both kinds
    path = tmp_path / "partners.csv"
    path.write_bytes(csv_file(*(row(HANAKO, email=address, activities="") for address in addresses)))
    output = runner.invoke(args=["partners", "import", str(path), "--dry-run"]).output
    refused = {address for line, address in enumerate(addresses, start=2) if f"line {line}: メールアドレス: " in output}
    assert refused == set(addresses) - expected_valid, output
