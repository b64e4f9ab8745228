"""The progress sheet's table 「自治体SDGsの推進に資する取組の達成状況」 (進捗状況結果報告シート) for one report year,
as CSV for Excel (UTF-8 with BOM) or as a real workbook. The headers are the sheet's own, in Japanese, whatever
the page's language: the file goes to the Cabinet Office."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from partners.core.timeutil import local_today
from partners.kpi.services import Series, all_series, period_end

TITLE = "自治体SDGsの推進に資する取組の達成状況"
HEADERS = ("No", "取組名", "指標名", "当初値（年）", "当初値（数）", "実績（年）", "実績（数）", "目標値（年）",
           "目標値（数）", "達成度（%）", "次期計画への反映")
# Widths in Excel's characters; Japanese text counts about two per character.
WIDTHS = (5, 30, 44, 12, 10, 12, 10, 12, 10, 11, 50)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SheetRow:
    number: int
    initiative: str
    indicator: str
    decimals: int
    baseline_on: date
    baseline: Decimal
    actual_on: date | None
    actual: Decimal | None
    target_on: date
    target: Decimal
    achievement: int | None
    next_plan: str


def month_label(day: date | None) -> str:
    return f"{day.year}年{day.month}月" if day else ""


def number_text(value: Decimal | None, decimals: int) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


def sheet_rows(year: int) -> list[SheetRow]:
    """One row per indicator: its actual is the latest figure on or before the end of `year`'s period (31
    December, or 31 March for fiscal-year indicators), and never later than today."""
    rows = []
    today = local_today()
    for number, line in enumerate(all_series(), start=1):
        indicator = line.indicator
        point = line.latest_by(min(period_end(indicator, year), today))
        rows.append(SheetRow(
            number=number, initiative=indicator.initiative_ja, indicator=_name_with_unit(line),
            decimals=indicator.decimals, baseline_on=indicator.baseline_on, baseline=indicator.baseline_value,
            actual_on=point.as_of if point else None, actual=point.value if point else None,
            target_on=indicator.target_on, target=indicator.target_value, achievement=line.achievement(point),
            next_plan=indicator.next_plan_note,
        ))
    return rows


def _name_with_unit(line: Series) -> str:
    return f"{line.indicator.name_ja}（{line.indicator.unit_ja}）"


def sheet_csv(year: int) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in sheet_rows(year):
        writer.writerow([
            row.number, row.initiative, row.indicator,
            month_label(row.baseline_on), number_text(row.baseline, row.decimals),
            month_label(row.actual_on), number_text(row.actual, row.decimals),
            month_label(row.target_on), number_text(row.target, row.decimals),
            "" if row.achievement is None else row.achievement, row.next_plan,
        ])
    return buffer.getvalue().encode("utf-8-sig")


def sheet_xlsx(year: int) -> bytes:
    """A workbook a clerk pastes from: numbers are numbers (with the indicator's decimals), the achievement rate
    a whole number, the year columns text as the sheet writes them (2019年12月)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{year}年 達成状況"
    sheet.append([f"{TITLE}（{year}年）"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in sheet_rows(year):
        sheet.append([
            row.number, row.initiative, row.indicator,
            month_label(row.baseline_on), row.baseline,
            month_label(row.actual_on) or None, row.actual,
            month_label(row.target_on), row.target,
            row.achievement, row.next_plan or None,
        ])
        number_format = "0" if row.decimals == 0 else "0." + "0" * row.decimals
        cells = sheet[sheet.max_row]
        for index in (4, 6, 8):
            cells[index].number_format = number_format
        cells[9].number_format = "0"
        for index in (1, 2, 10):
            cells[index].alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
