"""CMSF5579 forms attached as DOCX or PDF, read into "label<TAB>value" lines.

The lines go to the same label reader as a typed body, so a form says the same thing
however it arrived. Ticked boxes become ☒, empty ones ☐.

Bounded: a DOCX is read through zipfile with a cap on the XML read (a zip bomb stops at
the cap); a PDF is read through pypdf, whose stream limits apply, or for a plain
uncompressed form by a direct scan of its field dictionaries (no decompression at all).
Every failure is a problem string, never an exception.
"""
from __future__ import annotations

import io
import re
import zipfile

MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024
MAX_XML_BYTES = 8 * 1024 * 1024
MAX_PDF_PAGES = 6
TICKED, UNTICKED = "☒", "☐"

DOCX_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "application/vnd.ms-word.document.macroenabled.12")
PDF_TYPES = ("application/pdf", "application/x-pdf")


def kind_of(filename: str | None, content_type: str, payload: bytes) -> str | None:
    """'docx', 'pdf' or None: by magic bytes first, then by name and type."""
    name = (filename or "").lower()
    if payload[:5] == b"%PDF-":
        return "pdf"
    if payload[:4] == b"PK\x03\x04" and (name.endswith((".docx", ".docm")) or content_type in DOCX_TYPES):
        return "docx"
    if name.endswith(".pdf") or content_type in PDF_TYPES:
        return "pdf"
    if name.endswith((".docx", ".docm")) or content_type in DOCX_TYPES:
        return "docx"
    return None


def read_form(kind: str, payload: bytes, name: str) -> tuple[list[str], list[str]]:
    """(lines, problems) for one attachment."""
    if len(payload) > MAX_ATTACHMENT_BYTES:
        return [], [f"attachment {name} is {len(payload) // 1048576} MB; not read"]
    try:
        if kind == "docx":
            return _docx_lines(payload, name)
        return _pdf_lines(payload, name)
    except Exception as exc:  # hostile files: every library error becomes a problem
        return [], [f"attachment {name} could not be read as {kind.upper()} ({type(exc).__name__})"]


# --- DOCX -----------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_SYMBOL_TICKED = {"F0FE", "F078", "F0FD", "F0FB", "F052", "F053"}
_SYMBOL_EMPTY = {"F06F", "F0A8", "F071", "F072"}


def _docx_lines(payload: bytes, name: str) -> tuple[list[str], list[str]]:
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile:
        return [], [f"attachment {name} is not a DOCX (not a zip archive)"]
    try:
        info = archive.getinfo("word/document.xml")
    except KeyError:
        return [], [f"attachment {name} is not a DOCX (no word/document.xml)"]
    problems = []
    with archive.open(info) as member:
        xml = member.read(MAX_XML_BYTES + 1)
    if len(xml) > MAX_XML_BYTES:
        return [], [f"attachment {name}: document.xml larger than "
                    f"{MAX_XML_BYTES // 1048576} MB uncompressed; not read"]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=True)
    root = etree.fromstring(xml, parser)
    if root is None:
        return [], [f"attachment {name}: document.xml unreadable"]
    body = root.find(f"{_W}body")
    if body is None:
        return [], [f"attachment {name}: DOCX has no body"]
    lines: list[str] = []
    for child in body:
        if child.tag == f"{_W}p":
            text = _docx_text(child).strip()
            if text:
                lines.append(text)
        elif child.tag == f"{_W}tbl":
            _docx_table(child, lines)
        elif child.tag == f"{_W}sdt":
            for sub in child.iter(f"{_W}p", f"{_W}tbl"):
                if sub.tag == f"{_W}tbl":
                    _docx_table(sub, lines)
                elif sub.getparent().tag != f"{_W}tc":
                    text = _docx_text(sub).strip()
                    if text:
                        lines.append(text)
    return lines, problems


_TR, _TC, _P = f"{_W}tr", f"{_W}tc", f"{_W}p"


def _docx_table(table, lines: list[str]) -> None:
    for tr in table.iter(_TR):
        cells = []
        for tc in tr.findall(_TC):
            # a line break inside a cell ("12 Beech Avenue<br>Northampton") parts lines as paragraphs do
            paragraphs = [line.strip() for p in tc.iter(_P) for line in _docx_text(p, "\n").split("\n")]
            cells.append(", ".join(p for p in paragraphs if p.strip(" ,")))
        if any(cells):
            lines.append("\t".join(cells))


_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_CHECKBOX_14, _CHECKBOX = f"{_W14}checkbox", f"{_W}checkBox"
_SYM = f"{_W}sym"
_TEXT_TAGS = (_T, _TAB, _BR, _CR, _CHECKBOX_14, _CHECKBOX, _SYM)
_CHECKED_14, _VAL_14 = f"{_W14}checked", f"{_W14}val"
_CHECKED, _DEFAULT, _VAL, _CHAR = f"{_W}checked", f"{_W}default", f"{_W}val", f"{_W}char"
_GLYPH_TWICE = re.compile(r"\x00([☒☐])\s*([☒☐☑✓✔])")


def _docx_text(node, br: str = " ") -> str:
    out: list[str] = []
    marked = False
    for el in node.iter(*_TEXT_TAGS):
        tag = el.tag
        if tag == _T:
            out.append(el.text or "")
        elif tag == _TAB:
            out.append(" ")
        elif tag == _BR or tag == _CR:
            out.append(br)
        elif tag == _CHECKBOX_14:
            checked = el.find(_CHECKED_14)
            # the glyph is usually in the text as well; mark only when it is not
            out.append("\x00" + (TICKED if checked is not None and
                                 checked.get(_VAL_14, "1") in ("1", "true") else UNTICKED))
            marked = True
        elif tag == _CHECKBOX:
            state = el.find(_CHECKED)
            if state is None:
                state = el.find(_DEFAULT)
            ticked = state is not None and state.get(_VAL, "1") in ("1", "true", "on")
            out.append(TICKED if ticked else UNTICKED)
        elif tag == _SYM:
            char = (el.get(_CHAR) or "").upper()
            if char in _SYMBOL_TICKED:
                out.append(TICKED)
            elif char in _SYMBOL_EMPTY:
                out.append(UNTICKED)
    text = "".join(out)
    if marked:  # a content-control check box shows its own glyph: keep the glyph, drop the marker
        text = _GLYPH_TWICE.sub(r"\2", text).replace("\x00", "")
    return text


# --- PDF ------------------------------------------------------------------------------

def _pdf_lines(payload: bytes, name: str) -> tuple[list[str], list[str]]:
    if b"/Encrypt" not in payload and b"/ObjStm" not in payload and b"/AcroForm" in payload:
        fields = _scan_fields(payload)
        if fields:
            return _field_lines(fields), []
    return _pypdf_lines(payload, name)


def _field_lines(fields: list[tuple[str, str, object, list]]) -> list[str]:
    """fields: (label, field type, value, options) -> "label<TAB>value" lines."""
    lines = []
    for label, ftype, value, _ in fields:
        if ftype == "/Btn":
            if isinstance(value, str) and value.startswith("/"):
                state = value[1:]
                if state.lower() in ("off", "no", "false", "0", ""):
                    lines.append(f"{label}\t{UNTICKED}")
                elif state.lower() in ("yes", "on", "true", "1", "x", "checked"):
                    lines.append(f"{label}\t{TICKED}")
                else:  # a radio group's export value: the option chosen
                    lines.append(f"{label}\t{_unname(state)}")
            else:
                lines.append(f"{label}\t{UNTICKED}")
        else:
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            text = "" if value is None else str(value)
            if text.startswith("/"):
                text = _unname(text[1:])
            lines.append(f"{label}\t{' '.join(text.split())}")
    return lines


def _unname(name: str) -> str:
    return re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), name)


def _humanise(name: str) -> str:
    """'txtClientName' -> 'Client Name': a field's own name when it has no tooltip."""
    name = re.sub(r"^(?:txt|chk|opt|cbo|cmb|rad|fld|lst|btn|ddl|drp|tb|cb|rb)(?=[A-Z_])", "", name)
    name = re.sub(r"(?i)[_ ](?:y|yn|yes)$", "", name)  # "pv_y": the box that says yes
    name = name.replace("_", " ").replace(".", " ")
    name = re.sub(r"(?<=[a-z])(?=\d)", " ", name)  # "addr_line1": line 1
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).strip()


def _pypdf_lines(payload: bytes, name: str) -> tuple[list[str], list[str]]:
    import logging

    import pypdf
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(payload), strict=False)
    except PdfReadError as exc:
        return [], [f"attachment {name} is not a readable PDF ({exc})"]
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                return [], [f"attachment {name} is an encrypted PDF; not read"]
        except Exception:
            return [], [f"attachment {name} is an encrypted PDF; not read"]
    fields = []
    raw = reader.get_fields() or {}
    for full, spec in list(raw.items())[:500]:
        if spec.get("/Kids") and spec.get("/FT") is None:
            continue
        label = str(spec.get("/TU") or _humanise(str(spec.get("/T") or full)))
        value = spec.get("/V")
        if hasattr(value, "get_object"):
            value = value.get_object()
        fields.append((label, str(spec.get("/FT") or ""),
                       str(value) if value is not None and not isinstance(value, list) else value,
                       []))
    if fields:
        return _field_lines(fields), []
    lines: list[str] = []
    problems = []
    for page in reader.pages[:MAX_PDF_PAGES]:
        lines.extend(l for l in (page.extract_text() or "").splitlines() if l.strip())
    if len(reader.pages) > MAX_PDF_PAGES:
        problems.append(f"attachment {name}: only the first {MAX_PDF_PAGES} pages read")
    if not lines:
        problems.append(f"attachment {name}: PDF has no form fields and no text")
    return lines, problems


# A direct scan of an uncompressed AcroForm: field dictionaries are plain text in the
# file, so there is nothing to inflate; anything unusual falls back to pypdf.
_FIELD_HINT = re.compile(rb"/T\s*[(<]|/FT\b|/Parent\b|/Kids\b")
_OBJ_HEAD = re.compile(rb"\s*(?:%[^\n]*\n\s*)*(\d+)\s+\d+\s+obj\b")
_OBJ_HEAD_ANY = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_KEY = {k: re.compile(rb"/" + k.encode() + rb"(?![A-Za-z])\s*") for k in
        ("T", "TU", "FT", "V", "Parent", "Kids")}


def _scan_fields(payload: bytes) -> list[tuple[str, str, object, list]] | None:
    objects: dict[int, bytes] = {}
    for index, chunk in enumerate(payload.split(b"endobj")):
        stream = chunk.find(b"stream")
        if stream != -1:
            chunk = chunk[:stream]
        if not _FIELD_HINT.search(chunk):
            continue
        head = _OBJ_HEAD.match(chunk) or (_OBJ_HEAD_ANY.search(chunk) if index == 0 else None)
        if not head:
            continue
        body = chunk[head.end():]
        body = body.strip()
        if not (body.startswith(b"<<") and body.endswith(b">>")):
            continue
        body = body[2:-2]
        if True:
            objects[int(head.group(1))] = body
            if len(objects) > 2000:
                return None
    parsed: dict[int, dict] = {}
    for num, body in objects.items():
        entry = {}
        flat = body
        for _ in range(8):
            if b"<<" not in flat:
                break
            flat = _NESTED.sub(b" ", flat)
        for key, pattern in _KEY.items():
            if b"/" + key.encode() not in flat:
                continue
            k = _top_level_value(flat, pattern)
            if k is not None:
                entry[key] = k
        if "T" in entry or "Parent" in entry:
            parsed[num] = entry
    fields = []
    for num, entry in parsed.items():
        if "T" not in entry:
            continue
        kids = entry.get("Kids")
        if isinstance(kids, list) and any(k in parsed and "T" in parsed[k] for k in kids):
            continue  # a non-terminal field: its named kids are read instead
        label = entry.get("TU") or _humanise(entry["T"] or "")
        ftype, value = entry.get("FT"), entry.get("V")
        parent = entry.get("Parent")
        hops = 0
        while (ftype is None or value is None) and isinstance(parent, int) and parent in parsed \
                and hops < 10:
            ftype = ftype or parsed[parent].get("FT")
            value = value if value is not None else parsed[parent].get("V")
            parent = parsed[parent].get("Parent")
            hops += 1
        if not isinstance(label, str):
            return None
        fields.append((label, ftype or "", value, []))
    return fields or None


_NAME = re.compile(rb"/([^\s/<>\[\]()]*)")
_SIMPLE_STRING = re.compile(rb"\(([^\\()]*)\)")
_NESTED = re.compile(rb"<<(?:(?!<<|>>).)*>>", re.S)
_REF = re.compile(rb"(\d+)\s+0\s+R")


def _top_level_value(body: bytes, pattern: re.Pattern):
    """The value of a key at the top level of a dictionary body (nested << >> skipped)."""
    for m in pattern.finditer(body):
        rest = body[m.end():]
        if rest[:1] == b"(":
            simple = _SIMPLE_STRING.match(rest)
            if simple:
                return _decode_pdf_bytes(simple.group(1))
            return _pdf_string(rest)
        if rest[:1] == b"<" and rest[:2] != b"<<":
            end = rest.find(b">")
            hexa = re.sub(rb"\s", b"", rest[1:end])
            return _decode_pdf_bytes(bytes.fromhex(hexa.decode() + ("0" if len(hexa) % 2 else "")))
        if rest[:1] == b"/":
            name = _NAME.match(rest)
            return "/" + name.group(1).decode("latin-1")
        if rest[:1] == b"[":
            end = rest.find(b"]")
            inner = rest[1:end]
            refs = [int(r) for r in _REF.findall(inner)]
            if refs:
                return refs
            return [s for s in re.findall(rb"\(((?:\\.|[^\\)])*)\)", inner)]
        ref = _REF.match(rest)
        if ref:
            return int(ref.group(1))
        return None
    return None


def _depth(body: bytes, pos: int) -> int:
    head = body[:pos]
    return head.count(b"<<") - head.count(b">>")


def _pdf_string(rest: bytes) -> str:
    out = bytearray()
    depth = 0
    i = 0
    escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(rest):
        c = rest[i]
        if c == 0x5C:  # backslash
            i += 1
            if i >= len(rest):
                break
            c = rest[i]
            if c in escapes:
                out.append(escapes[c])
            elif 0x30 <= c <= 0x37:
                digits = rest[i:i + 3]
                octal = re.match(rb"[0-7]{1,3}", digits).group(0)
                out.append(int(octal, 8) & 0xFF)
                i += len(octal) - 1
            elif c in (0x0A, 0x0D):
                pass
            else:
                out.append(c)
        elif c == 0x28:
            depth += 1
            if depth > 1:
                out.append(c)
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                break
            out.append(c)
        else:
            out.append(c)
        i += 1
    return _decode_pdf_bytes(bytes(out))


def _decode_pdf_bytes(data: bytes) -> str:
    if data[:2] == b"\xfe\xff":
        return data[2:].decode("utf-16-be", "replace")
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:].decode("utf-8", "replace")
    return data.decode("latin-1")
