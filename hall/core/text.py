"""Free text from the public made safe to store and show."""
import re
import unicodedata

# Controls (but the line feed), lone surrogates, and the bidi embeddings, overrides and
# isolates that would reorder the text around them on the public wall. Joiners stay, so
# emoji sequences survive; hall.web.input_guard has already dropped C0 controls from forms.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _dropped(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS


def clean_text(value, multiline: bool = True) -> str:
    """Text without control characters or bidi overrides; single-line unless asked."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    if not multiline:
        text = text.replace("\n", " ")
    text = "".join(ch for ch in text if ch == "\n" or not _dropped(ch))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
