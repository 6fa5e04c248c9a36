"""Calendar services: sync from chinesecalendar, CSV import, single days, deadlines."""
from datetime import date

import pytest

from hall.calendar import services
from hall.calendar.models import CalendarDay, CalendarYear
from hall.calendar.workdays import CalendarMissing
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from tests.calendar import EXAMPLE_CSV, audit_count, count, last_audit, synced
from tests.factories import TEST_ACTOR

D = date.fromisoformat


def import_text(text: str):
    return services.import_csv(TEST_ACTOR, clock.now(), text)


def day_row(text: str):
    return db.session.get(CalendarDay, D(text))


# --- sync ----------------------------------------------------------------------------------

def test_sync_loads_every_year_the_package_covers(app):
    result = synced()
    assert result.loaded == list(range(2004, 2027))
    assert not result.unchanged and not result.skipped
    years = services.loaded_years()
    assert set(years) == set(range(2004, 2027))
    assert {row.source for row in years.values()} == {"chinesecalendar"}
    assert years[2026].loaded_by == "test"


def test_sync_names_days_in_chinese(app):
    synced()
    assert (day_row("2025-01-28").kind, day_row("2025-01-28").name) == ("holiday", "春节")
    assert (day_row("2025-01-26").kind, day_row("2025-01-26").name) == ("workday", "春节调休")
    assert day_row("2026-10-01").name == "国庆节"
    assert day_row("2025-03-03") is None


def test_synced_calendar_matches_the_2026_notice(app):
    synced()
    days = services.days_of(2026)
    makeup = sorted(day for day, row in days.items() if row.kind == "workday")
    assert makeup == [D("2026-01-04"), D("2026-02-14"), D("2026-02-28"), D("2026-05-09"),
                      D("2026-09-20"), D("2026-10-10")]
    assert sum(1 for row in days.values() if row.kind == "holiday") == 33


def test_sync_audits_each_year_once(app):
    before = audit_count()
    synced()
    assert audit_count() == before + 23
    entry = last_audit()
    assert entry.action == "calendar.sync" and entry.object_label == "2026年节假日安排"
    assert "2026-02-15" in entry.after and "春节" in entry.after


def test_a_second_sync_changes_and_audits_nothing(app):
    synced()
    before = audit_count()
    result = synced()
    assert result.unchanged == list(range(2004, 2027)) and not result.loaded
    assert audit_count() == before


def test_sync_leaves_csv_and_hand_edited_years_unless_forced(app):
    synced()
    import_text("date,kind,name\n2025-03-03,holiday,本地假日\n")
    services.set_day(TEST_ACTOR, clock.now(), D("2026-03-04"), "holiday", "本地假日")
    result = synced()
    assert result.skipped == [2025, 2026]
    assert day_row("2025-01-28") is None            # the CSV replaced the whole year
    assert day_row("2026-03-04").kind == "holiday"
    forced = services.sync_from_chinesecalendar(TEST_ACTOR, clock.now(), force=True)
    assert forced.loaded == [2025, 2026]
    assert day_row("2025-01-28").name == "春节" and day_row("2026-03-04") is None
    assert db.session.get(CalendarYear, 2025).source == "chinesecalendar"


# --- deadlines -----------------------------------------------------------------------------

def test_due_date_uses_the_loaded_calendar(app):
    synced()
    # 1/26 Sun make-up = 1, 1/27 Mon = 2, 1/28-2/4 春节, 2/5 Wed = 3.
    assert services.due_date(D("2025-01-24"), 3) == D("2025-02-05")
    # Sat 2/14/2026 make-up = 1, 2/15-2/23 春节, 2/24 Tue = 2.
    assert services.due_date(D("2026-02-13"), 2) == D("2026-02-24")


def test_due_date_into_an_unloaded_year_raises(app):
    synced()
    with pytest.raises(CalendarMissing) as raised:
        services.due_date(D("2026-12-30"), 2)
    assert raised.value.year == 2027


def test_nothing_loaded_means_no_deadline_at_all(app):
    with pytest.raises(CalendarMissing) as raised:
        services.due_date(D("2026-03-02"), 1)
    assert raised.value.year == 2026


def test_missing_years(app):
    assert services.missing_years(2027) == [2027]
    synced()
    assert services.missing_years(2027) == [2027]
    assert services.missing_years(2027, 2025) == [2027]
    assert services.missing_years(2026, 2025) == []
    assert services.missing_years(2004, 2001) == [2001, 2002, 2003]


# --- CSV import ----------------------------------------------------------------------------

def test_import_loads_the_example_year(app):
    synced()
    year, schedule = import_text(EXAMPLE_CSV.read_text(encoding="utf-8"))
    assert year == 2027 and len(schedule) == 35
    loaded = db.session.get(CalendarYear, 2027)
    assert (loaded.source, loaded.loaded_by) == ("csv", "test")
    assert (day_row("2027-02-20").kind, day_row("2027-02-20").name) == ("workday", "春节调休")
    # 12/31 Thu = 1, then 2027: 1/1-1/3 元旦 off, 1/4 Mon = 2.
    assert services.due_date(D("2026-12-30"), 2) == D("2027-01-04")
    entry = last_audit()
    assert entry.action == "calendar.import" and "2027-10-09" in entry.after


def test_import_replaces_the_whole_year(app):
    import_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-20,workday,春节调休\n")
    import_text("date,kind,name\r\n2027-05-03,holiday,劳动节\r\n")
    assert list(services.days_of(2027)) == [D("2027-05-03")]


def test_import_accepts_bom_blank_lines_spaces_and_gb18030(app):
    text = "\ufeffDate, Kind ,Name\n\n2027-01-01 , holiday , 元旦\n"
    assert import_text(text)[0] == 2027
    gbk = "date,kind,name\n2027-05-03,holiday,劳动节\n".encode("gb18030")
    assert services.decode_csv(gbk).endswith("劳动节\n")


BAD_LINES = [
    ("2027-13-01,holiday,元旦", "日期“2027-13-01”不正确"),
    ("2027/01/01,holiday,元旦", "应为 YYYY-MM-DD"),
    ("2027-1-1,holiday,元旦", "应为 YYYY-MM-DD"),
    ("2027-01-01,rest,元旦", "类型“rest”不正确"),
    ("2027-01-01,holiday", "应有 3 列"),
    ("2027-01-01,holiday,元旦,多余", "实有 4 列"),
    ("2027-01-01,holiday,", "名称不能为空"),
    ("2027-02-10,workday,春节调休", "2027-02-10 是星期三，调休上班日只能是周六或周日"),
    ("2028-01-01,holiday,元旦", "不在 2027 年内"),
    ("2027-10-01,holiday,国庆节", "日期 2027-10-01 重复"),
]


@pytest.mark.parametrize("line, reason", BAD_LINES, ids=[r for _, r in BAD_LINES])
def test_a_bad_line_is_named_and_nothing_changes(app, line, reason):
    import_text("date,kind,name\n2027-06-09,holiday,端午\n")
    db.session.commit()
    before = audit_count()
    text = f"date,kind,name\n2027-10-01,holiday,国庆节\n{line}\n2027-10-02,holiday,国庆节\n"
    with pytest.raises(DomainError) as raised:
        import_text(text)
    assert "第 3 行" in raised.value.message and reason in raised.value.message
    assert "未导入任何内容" in raised.value.message
    db.session.rollback()
    assert list(services.days_of(2027)) == [D("2027-06-09")]
    assert audit_count() == before


def test_every_bad_line_is_listed(app):
    text = "date,kind,name\nx,holiday,a\n2027-01-01,holiday,元旦\ny,holiday,b\n"
    with pytest.raises(DomainError) as raised:
        import_text(text)
    assert "第 2 行" in raised.value.message and "第 4 行" in raised.value.message
    assert count(CalendarDay) == 0 and count(CalendarYear) == 0


@pytest.mark.parametrize("text, reason", [
    ("2027-01-01,holiday,元旦\n", "第 1 行须为表头"),
    ("", "第 1 行须为表头"),
    ("date,kind,name\n\n", "没有日期行"),
])
def test_header_and_empty_files_are_refused(app, text, reason):
    with pytest.raises(DomainError) as raised:
        import_text(text)
    assert reason in raised.value.message
    assert count(CalendarYear) == 0


# --- single days ---------------------------------------------------------------------------

def test_set_day_is_audited_with_before_and_after(app):
    before = audit_count()
    services.set_day(TEST_ACTOR, clock.now(), D("2026-03-04"), "holiday", "本地假日")
    assert day_row("2026-03-04").kind == "holiday"
    entry = last_audit()
    assert (entry.action, entry.object_label) == ("calendar.set_day", "2026-03-04（星期三）")
    assert entry.before == "" and '"holiday"' in entry.after
    services.set_day(TEST_ACTOR, clock.now(), D("2026-03-04"), None)
    assert day_row("2026-03-04") is None
    assert audit_count() == before + 2
    assert '"holiday"' in last_audit().before and last_audit().after == ""


def test_setting_a_day_to_what_it_is_records_nothing(app):
    services.set_day(TEST_ACTOR, clock.now(), D("2026-03-04"), "holiday")
    before = audit_count()
    services.set_day(TEST_ACTOR, clock.now(), D("2026-03-04"), "holiday")
    services.set_day(TEST_ACTOR, clock.now(), D("2026-03-05"), None)
    assert audit_count() == before


def test_a_weekday_cannot_be_a_makeup_day(app):
    with pytest.raises(DomainError) as raised:
        services.set_day(TEST_ACTOR, clock.now(), D("2026-03-04"), "workday")
    assert "只有周六、周日" in raised.value.message
    assert day_row("2026-03-04") is None


def test_editing_a_synced_year_makes_it_manual(app):
    synced()
    services.set_day(TEST_ACTOR, clock.now(), D("2026-02-28"), None)
    assert db.session.get(CalendarYear, 2026).source == "manual"
    # Without the make-up Saturday 2/28: 2/24-2/27 = 2-5, 3/2 Mon = 6.
    assert services.due_date(D("2026-02-13"), 6) == D("2026-03-02")


def test_editing_an_unloaded_year_does_not_load_it(app):
    services.set_day(TEST_ACTOR, clock.now(), D("2027-01-01"), "holiday", "元旦")
    assert db.session.get(CalendarYear, 2027) is None
    with pytest.raises(CalendarMissing):
        services.due_date(D("2026-12-31"), 1)


@pytest.mark.parametrize("day, current, expected", [
    ("2026-03-04", None, "holiday"), ("2026-03-04", "holiday", None),
    ("2026-03-07", None, "workday"), ("2026-03-07", "workday", None),
    ("2026-02-15", "holiday", "workday"), ("2026-03-04", "workday", None),
])
def test_the_toggle_cycle(day, current, expected):
    assert services.next_kind(D(day), current) == expected


def test_toggle_day_walks_the_cycle(app):
    kinds = [services.toggle_day(TEST_ACTOR, clock.now(), D("2026-03-07")) for _ in range(3)]
    assert kinds == ["workday", None, "workday"]


def test_confirm_year_needs_holidays_then_loads_it(app):
    with pytest.raises(DomainError) as raised:
        services.confirm_year(TEST_ACTOR, clock.now(), 2027)
    assert "还没有任何放假日期" in raised.value.message
    services.set_day(TEST_ACTOR, clock.now(), D("2027-01-01"), "holiday", "元旦")
    services.confirm_year(TEST_ACTOR, clock.now(), 2027)
    assert db.session.get(CalendarYear, 2027).source == "manual"
    assert last_audit().action == "calendar.confirm"
    with pytest.raises(DomainError):
        services.confirm_year(TEST_ACTOR, clock.now(), 2027)


def test_years_text():
    assert services.years_text([2009, 2004, 2005, 2006]) == "2004–2006、2009年"
    assert services.years_text([2027]) == "2027年"
