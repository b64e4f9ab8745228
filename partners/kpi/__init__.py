"""The programme's KPI: indicators as data, the participation rate read from the data, the national progress
sheet (進捗状況結果報告シート). `achievement_rate` is the one rule every page, file and command uses."""

from partners.kpi.rates import achievement_rate

__all__ = ["achievement_rate"]
