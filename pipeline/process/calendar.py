"""Working days of the office: Monday to Friday, minus national holidays, cuti bersama and the
office's own days off, with a configurable number of working hours per day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.workspace.config import Config

WEEKEND = {5: "hari Sabtu", 6: "hari Minggu"}


@dataclass(frozen=True)
class WorkCalendar:
    holidays: Mapping[dt.date, str]
    """Date -> its name in Bahasa Indonesia (national holidays, cuti bersama, office days off)."""
    minutes_per_day: int = 450

    def closed_because(self, day: dt.date) -> str | None:
        """Why the office is closed on ``day``, or None on a working day."""
        if day in self.holidays:
            return f"hari libur ({self.holidays[day]})"
        return WEEKEND.get(day.weekday())

    def is_working_day(self, day: dt.date) -> bool:
        return self.closed_because(day) is None

    def on_or_after(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def on_or_before(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The working day ``count`` working days after ``day`` (itself a working day)."""
        for _ in range(count):
            day = self.on_or_after(day + dt.timedelta(days=1))
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def finish_day(self, start: dt.date, minutes_before: int, minutes: int) -> dt.date:
        """The day a task of ``minutes`` ends when work began on ``start`` (a working day) and
        ``minutes_before`` of working time had already been spent since then."""
        elapsed = minutes_before + minutes
        return self.add_working_days(start, max(elapsed - 1, 0) // self.minutes_per_day)


def office_calendar(config: Config, years: Iterable[int]) -> WorkCalendar:
    """Indonesia's national holidays and cuti bersama (the maintained ``holidays`` package),
    plus the office's own days off from ``sakip.yaml``."""
    import holidays

    wanted = sorted(set(years))
    national = holidays.country_holidays(
        "ID", years=wanted, categories=("public", "government"), language="id"
    )
    days: dict[dt.date, str] = {day: str(name) for day, name in sorted(national.items())}
    for libur in config.jadwal.libur_kantor:
        days[libur.tanggal] = libur.keterangan or "libur kantor"
    minutes = round(config.jadwal.jam_kerja * 60)
    return WorkCalendar(days, minutes)
