"""The progress sheet's table 「自治体SDGsの推進に資する取組の達成状況」, as CSV and as a real workbook."""

import csv
import io
from datetime import date

from openpyxl import load_workbook

from partners.accounts.models import Role
from tests.factories import gen_user
from tests.kpi.factories import gen_member, gen_partners_indicator, gen_report

HEADERS = ["No", "取組名", "指標名", "当初値（年）", "当初値（数）", "実績（年）", "実績（数）", "目標値（年）",
           "目標値（数）", "達成度（%）", "次期計画への反映"]


def test_the_csv_sheet_gives_the_partners_row_with_393(app, runner, tmp_path):
    gen_partners_indicator(app)
    output = tmp_path / "sheet.csv"
    result = runner.invoke(args=["kpi", "sheet", "--year", "2023", "--format", "csv", "--output", str(output)])
    assert result.exit_code == 0, result.output
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [HEADERS, ["1", "つくばSDGsパートナーズの推進", "パートナーがSDGsの取組に参加している割合（%）",
                              "2019年12月", "38.1", "2023年12月", "60.9", "2024年12月", "43.9", "393",
                              "目標値を引き上げる。"]]


def test_the_xlsx_sheet_is_a_workbook_with_numbers_a_clerk_can_paste(app, runner, tmp_path):
    gen_partners_indicator(app)
    gen_partners_indicator(app, code="awards", position=2, reported=None, computed=None)
    output = tmp_path / "sheet.xlsx"
    result = runner.invoke(args=["kpi", "sheet", "--year", "2023", "--format", "xlsx", "--output", str(output)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(output).active
    assert "自治体SDGsの推進に資する取組の達成状況" in sheet["A1"].value
    assert [cell.value for cell in sheet[2]] == HEADERS
    row = [cell.value for cell in sheet[3]]
    assert row[:3] == [1, "つくばSDGsパートナーズの推進", "パートナーがSDGsの取組に参加している割合（%）"]
    assert row[3:10] == ["2019年12月", 38.1, "2023年12月", 60.9, "2024年12月", 43.9, 393]
    assert isinstance(row[9], int)
    assert sheet["E3"].number_format == "0.0" and sheet["J3"].number_format == "0"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    no_actual = [cell.value for cell in sheet[4]]
    assert no_actual[5:7] == [None, None] and no_actual[9] is None


def test_the_actual_of_a_year_is_the_latest_figure_up_to_its_end(app, runner, tmp_path):
    gen_partners_indicator(app, reported=None)
    taking_part = gen_member(app, date(2019, 1, 1))
    gen_member(app, date(2019, 1, 1))
    gen_report(app, taking_part, date(2022, 6, 1))
    output = tmp_path / "sheet.csv"
    runner.invoke(args=["kpi", "sheet", "--year", "2022", "--output", str(output)])
    row = list(csv.reader(io.StringIO(output.read_bytes().decode("utf-8-sig"))))[1]
    assert row[5:7] == ["2022年12月", "50.0"]
    # (50.0 − 38.1) ÷ (43.9 − 38.1) × 100 = 205.17…
    assert row[9] == "205"


def test_staff_download_the_sheet_and_others_may_not(app, client, browser):
    gen_partners_indicator(app)
    assert client.get("/staff/kpi/sheet/2023.csv").status_code == 302  # to the login
    gen_user(app, email="citizen@example.jp")
    browser.login("citizen@example.jp")
    assert client.get("/staff/kpi/sheet/2023.xlsx").status_code == 403
    browser.logout()
    gen_user(app, email="staff@example.jp", roles=(Role.STAFF,))
    browser.login("staff@example.jp")
    response = client.get("/staff/kpi/sheet/2023.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["J3"].value == 393
    assert client.get("/staff/kpi/sheet?year=2023").headers["Location"].endswith("/staff/kpi/sheet/2023.xlsx")
    assert client.get("/staff/kpi/sheet?year=1999").status_code == 302
