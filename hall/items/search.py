"""What an item is found by: its stored search text and the ranked query over it.

An item's search text holds, in this order, five sections: its name, its aliases (常用名),
its department's name, its materials' names and its code. Each section lists the words in
lower case with punctuation removed, then their full pinyin (``yingyezhizhao``) and pinyin
initials (``yyzz``). A section starts with its own mark, a character that no word can
contain, so ``LIKE '%#%word%&%'`` finds a word in the alias section and nowhere else: one
query over one column both filters and ranks (name, then alias, department, material).
Pure functions: no Flask, no database (the migration that adds the column uses them too).
"""
import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

SECTIONS = ("name", "aliases", "department", "materials", "code")
# One start mark per section, then the end mark; none of them is a word character.
MARKS = ("!", "#", "&", "*", "+", "=")
MAX_WORDS = 5
MAX_WORD_LENGTH = 40
MAX_ALIASES = 20
MAX_ALIAS_LENGTH = 30
# Aliases may be written one a line or separated by 、，,；;/ (房产证/不动产证).
ALIAS_SEPARATORS = re.compile(r"[\n\r、，,；;/／|]+")
_NON_WORD = re.compile(r"[\W_]+")


def words_of(text: str) -> list[str]:
    """The words of a text: full-width folded, lower case, split at anything not a letter."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return [word for word in _NON_WORD.split(folded) if word]


def _pinyin_forms(word: str) -> list[str]:
    """The word, and when it has Chinese characters its full pinyin and its initials."""
    if word.isascii():
        return [word]
    full = "".join(lazy_pinyin(word, v_to_u=False))
    initials = "".join(lazy_pinyin(word, style=Style.FIRST_LETTER, v_to_u=False))
    return [word] + [form for form in words_of(full) + words_of(initials)]


def section_text(texts) -> str:
    """Every text's words, then the pinyin of each whole text, space-separated, no repeats."""
    forms: list[str] = []
    for text in texts:
        joined = "".join(words_of(text))
        forms.extend(words_of(text))
        if joined and not joined.isascii():
            forms.extend(_pinyin_forms(joined)[1:])
    return " ".join(dict.fromkeys(forms))


def build_search_text(name: str, aliases: list[str], department: str,
                      materials: list[str], code: str) -> str:
    """The stored search text of one item (see the module's docstring)."""
    sections = ([name], aliases, [department], materials, [code])
    parts = [f"{mark} {section_text(texts)} " for mark, texts in zip(MARKS, sections)]
    return "".join(parts) + MARKS[-1]


def parse_aliases(text: str) -> list[str]:
    """Aliases as typed in the form, trimmed and without repeats, in their order."""
    found = (alias.strip() for alias in ALIAS_SEPARATORS.split(text or ""))
    return list(dict.fromkeys(alias for alias in found if alias))


def alias_error(aliases: list[str]) -> str | None:
    """Why a list of aliases cannot be kept, in Chinese, or None."""
    if len(aliases) > MAX_ALIASES:
        return f"常用名最多 {MAX_ALIASES} 个"
    too_long = [alias for alias in aliases if len(alias) > MAX_ALIAS_LENGTH]
    if too_long:
        return f"常用名“{too_long[0][:MAX_ALIAS_LENGTH]}…”过长，每个最多 {MAX_ALIAS_LENGTH} 字"
    if any(not words_of(alias) for alias in aliases):
        return "常用名须包含文字或字母"
    return None


def query_words(q: str) -> list[str]:
    """The words of a search, each as long as it may be, at most MAX_WORDS of them."""
    return [word[:MAX_WORD_LENGTH] for word in words_of(q)[:MAX_WORDS]]


def section_pattern(word: str, section: int) -> str:
    """A LIKE pattern that finds the word inside one section (0 = name … 4 = code)."""
    return f"%{MARKS[section]}%{word}%{MARKS[section + 1]}%"


@lru_cache(maxsize=4096)
def forms_of(text: str) -> str:
    """One text's searchable forms (a section of one), kept: materials repeat across items."""
    return section_text([text])


def first_match(texts, words: list[str]) -> str | None:
    """The first text in which some word of a search is found, in any of its forms."""
    for text in texts:
        forms = forms_of(text)
        if any(word in forms for word in words):
            return text
    return None
