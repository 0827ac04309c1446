"""Value formats of PARSE.md: SR numbers, SCINs, emails, postcodes, money, booleans."""
from __future__ import annotations

import re

SR = re.compile(r"(?<![\w-])1-[A-Z0-9]{5,12}(?![\w-])", re.I)
SR_LABELLED = re.compile(r"\b(?:SR|service request)(?:\s*(?:no\.?|number|ref(?:erence)?|#))?\s*[:\-]?\s*"
                         r"(?P<v>1\s*-\s*[A-Z0-9]{5,12})(?![\w-])", re.I)
SCIN_LABELLED = re.compile(
    r"(?:\bSCIN|scheme client identification (?:number|no)|scheme client id(?:entifier)?|"
    r"client ref(?:erence)?(?: number| no)?)\b\)?(?:\s*(?:no\.?|number|is|=|:|-|\())*\s*"
    r"(?P<v>\d[\d \-]{8,20}\d)", re.I)
SCIN_BARE = re.compile(r"(?<![\d+\-/.])(\d{4}[ -]?\d{4}[ -]?\d{4}|\d{3} \d{3} \d{3} \d{3})(?![\d/])")
EMAIL = re.compile(r"[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
POSTCODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})(?![A-Za-z0-9])", re.I)
MONEY = re.compile(r"(?:£|GBP\s?|&pound;)\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?!\d)"
                   r"|(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?\s*(?:GBP|pounds)\b", re.I)

SCOTLAND = {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH",
            "TD", "ZE"}
_TRUE = re.compile(r"^\W*(?:y|yes|x|true|ticked|checked|on|[☒☑✓✔■✗✘])(?:\W|$)|^\[\s*[xX✓]\s*\]", re.I)
_FALSE = re.compile(r"^\W*(?:n|no|none|nil|n/?a|false|off|unticked|not applicable|[☐□])(?:\W|$)", re.I)
_BOXES = re.compile(r"[☒☐☑✓✔■□]")
_BOX_WORD = re.compile(r"(?:[☒☑✓✔■]|\[\s*[xX✓]\s*\])\s*(yes|no|y|n)\b", re.I)
_WORD_BOX = re.compile(r"\b(yes|no|y|n)\s*(?:[☒☑✓✔■]|\[\s*[xX✓]\s*\])", re.I)
_EMPTY_BOX = re.compile(r"\[\s*\]|[☐□]")
_NON_DIGIT = re.compile(r"\D")
_SPACE = re.compile(r"\s")
_THREE_DIGITS = re.compile(r"\d{3}")
_NULL_TEXT = re.compile(r"^\W*(?:none|n/?a|nil|not applicable|not known|unknown|-+|tbc)?\W*$", re.I)


def sr_number(text: str) -> str | None:
    m = SR_LABELLED.search(text)
    if m:
        return _SPACE.sub("", m.group("v")).upper()
    m = SR.search(text)
    return m.group(0).upper() if m else None


def scin(text: str) -> str | None:
    # both searches are costly and mostly find nothing: each runs only where it could match
    # (an ASCII text without the label's words holds no label; a bare SCIN starts with 3 digits)
    low = text.lower() if text.isascii() else None
    if low is None or "scin" in low or "scheme client" in low or "client ref" in low:
        m = SCIN_LABELLED.search(text)
        if m:
            digits = _NON_DIGIT.sub("", m.group("v"))
            if 10 <= len(digits) <= 14:
                return digits
    if not _THREE_DIGITS.search(text):
        return None
    for m in SCIN_BARE.finditer(text):
        digits = _NON_DIGIT.sub("", m.group(1))
        if len(digits) == 12:
            return digits
    return None


def scin_value(value: str) -> str | None:
    digits = _NON_DIGIT.sub("", value or "")
    return digits or None


def email_value(text: str | None) -> str | None:
    if not text:
        return None
    m = EMAIL.search(text)
    return m.group(0).lower().strip(".") if m else None


def postcode(text: str | None) -> str | None:
    if not text:
        return None
    found = None
    for m in POSTCODE.finditer(text):
        found = m  # the last one: addresses end with the postcode
    if not found:
        return None
    return f"{found.group(1).upper()} {found.group(2).upper()}"


def strip_postcode(address: str) -> str:
    cleaned = POSTCODE.sub("", address)
    parts = [p.strip() for p in re.split(r"\s*,\s*|\n", cleaned)]
    return ", ".join(p for p in parts if p)


def nation_from_postcode(code: str | None) -> str | None:
    if not code:
        return None
    area = re.match(r"[A-Z]+", code).group(0)
    if area == "BT":
        return "northern_ireland"
    if area in SCOTLAND:
        return "scotland"
    return "england_wales"


def money(text: str | None) -> str | None:
    if not text:
        return None
    m = MONEY.search(text)
    if not m:
        bare = re.match(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$", text)
        if not bare:
            return None
        whole, pence = bare.group(1), bare.group(2)
    else:
        whole, pence = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return f"{int(whole.replace(',', ''))}.{(pence or '0').ljust(2, '0')}"


def phone(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip()
    digits = _NON_DIGIT.sub("", text)
    if not digits:
        return None
    return ("+" + digits) if text.startswith("+") else digits


def boolean(text: str | None) -> bool | None:
    """Y/Yes/X/ticked -> true; N/No/None/blank/unticked -> false; absent -> None."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return False
    if len(text) > 4 and ("[" in text or _BOXES.search(text)):
        # "☐ Yes ☒ No", "[ ] Yes  [x] No", "Yes [x]  No [ ]": the ticked word decides
        m = (_BOX_WORD if text[0] in "[☒☐☑✓✔■□" else _WORD_BOX).search(text)
        if m:
            return m.group(1).lower().startswith("y")
    if _EMPTY_BOX.fullmatch(text):
        return False
    if _FALSE.match(text):
        return False
    if _TRUE.match(text):
        return True
    return None


def text_value(text: str | None) -> str | None:
    """As written, whitespace collapsed; None/N/A/blank -> None."""
    if text is None:
        return None
    text = " ".join(text.split()).strip(" ,;")
    if not text or _NULL_TEXT.match(text):
        return None
    return text
