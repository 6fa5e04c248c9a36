"""The demo county hall of docs/rules.md §1, read from the JSON files beside this module.

hall.json         the hall: name, region code, address, phone, opening hours
departments.json  16 departments: code (a short upper-case pinyin abbreviation), name, phone
categories.json   queue categories (业务类型): each draws tickets with its own prefix letter
windows.json      24 numbered windows: 1-12 on the ground floor (一楼), 13-24 on the first
                  floor (二楼)
items.json        approval items (事项) with their service guides (办事指南)
appointments.json the weekly 预约办理 slots of some queue categories (by category code)
item_search.json  each item's 常用名 (the words citizens search with) and the queue category its
                  取号 button issues; where two categories list an item, it is the one that does
                  the work (收费 comes after)

To change the demo hall, edit these files (UTF-8, Chinese text as is); `flask demo` loads them
into an empty database through hall/demo/seed.py.
"""
import json
from importlib import resources


def read_json(name):
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


def department_rows():
    # seed.py unpacks each department as a (code, name, phone) tuple
    return [(entry["code"], entry["name"], entry["phone"]) for entry in read_json("departments.json")]


def search_entries():
    # seed.py unpacks each entry as a (category, aliases) tuple
    return {code: (entry["category"], entry["aliases"])
            for code, entry in read_json("item_search.json").items()}


HALL = read_json("hall.json")
DEPARTMENTS = department_rows()
CATEGORIES = read_json("categories.json")
WINDOWS = read_json("windows.json")
ITEMS = read_json("items.json")
ITEM_SEARCH = search_entries()
APPOINTMENT_SLOTS = {code: spec for code, spec in read_json("appointments.json").items()
                     if not code.startswith("_")}
