"""A fake Exchange server on loopback that speaks the EWS SOAP wire protocol, enough of it
for mailbot's `ews` backend: GetFolder, FindFolder, CreateFolder, FindItem, GetItem,
MoveItem and CreateItem, with the response XML real Exchange 2016 sends. It keeps one
mailbox in memory (folders and items with their raw MIME) and records every request, so
tests check what exchangelib actually put on the wire.

    server = FakeExchange("ssst@example.gov.uk").start()
    server.deliver(raw)                       # a message arrives in the Inbox
    server.fail_next(2, "busy")               # the next two requests: HTTP 500 ErrorServerBusy
    inbox = EwsInbox("ssst", server.address, **server.client_settings())
    server.operations()                       # ["GetFolder", "GetFolder", "FindItem", …]
    server.sent                               # what CreateItem sent: MIME bytes, disposition, Bcc

Failures to inject (`fail_next(n, kind, operation=None)`):
- "busy": HTTP 500 carrying the SOAP fault ErrorServerBusy (with BackOffMilliseconds);
- "unauthorized": HTTP 401, as IIS answers a login it refuses;
- "drop": the connection is closed before the request is read to an answer;
- "lose_answer": the request is carried out, then the connection closed unanswered (a
  send that went but whose answer was lost).
"""
from __future__ import annotations

import base64
import email.utils
import itertools
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.parser import BytesHeaderParser
from email.policy import compat32
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
M = "http://schemas.microsoft.com/exchange/services/2006/messages"
T = "http://schemas.microsoft.com/exchange/services/2006/types"
NS = {"s": SOAP, "m": M, "t": T}

_ids = itertools.count(1)
_headers = BytesHeaderParser(policy=compat32)


def _new_id(kind: str) -> str:
    """An opaque base64 id, about as long as Exchange's."""
    raw = f"{kind}:{next(_ids):08d}:".encode() + bytes(range(40, 40 + 60))
    return base64.b64encode(raw).decode()


@dataclass
class FakeFolder:
    id: str
    name: str
    parent: str | None
    distinguished: str | None = None
    changekey: str = field(default_factory=lambda: _new_id("ck"))
    folder_class: str | None = "IPF.Note"


@dataclass
class FakeItem:
    id: str
    folder: str
    mime: bytes
    received: datetime
    changekey: str = field(default_factory=lambda: _new_id("ck"))

    @property
    def message_id(self) -> str | None:
        value = _headers.parsebytes(self.mime, headersonly=True).get("Message-ID")
        return " ".join(str(value).split()) if value else None


@dataclass
class Request:
    operation: str
    xml: bytes
    headers: dict

    @property
    def root(self):
        return etree.fromstring(self.xml)

    def find(self, path: str, namespaces: dict = NS):
        return self.root.find(path, namespaces)

    def findall(self, path: str, namespaces: dict = NS):
        return self.root.findall(path, namespaces)


@dataclass
class Sent:
    """One CreateItem: the MIME bytes exactly as received, and how it was to go."""
    mime: bytes
    disposition: str
    saved_in: str | None
    bcc: list[str]
    properties: list[str]        # the Message's child elements, in order


class _Fail(Exception):
    pass


class FakeExchange:
    def __init__(self, address: str = "mailbox@example.gov.uk", *, host: str = "127.0.0.1"):
        self.address = address.lower()
        self.host = host
        self.requests: list[Request] = []
        self.sent: list[Sent] = []
        self._faults: list[tuple[str, str | None]] = []
        self._lock = threading.RLock()
        self._clock = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
        self.folders: dict[str, FakeFolder] = {}
        self.items: dict[str, FakeItem] = {}
        root = self._add_folder("", None, "root", folder_class=None)
        top = self._add_folder("Top of Information Store", root.id, "msgfolderroot")
        for name, dist in (("Inbox", "inbox"), ("Sent Items", "sentitems"), ("Outbox", "outbox"),
                           ("Drafts", "drafts"), ("Deleted Items", "deleteditems"),
                           ("Junk Email", "junkemail")):
            self._add_folder(name, top.id, dist)
        self._httpd: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ running
    def start(self) -> "FakeExchange":
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                # headers and body go in separate writes: without this, Nagle and delayed
                # ACKs cost 40 ms an answer
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_POST(self):
                server._handle(self)

            def log_message(self, *args):
                pass

        self._httpd = ThreadingHTTPServer((self.host, 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         name="fake-ews", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}/EWS/Exchange.asmx"

    def client_settings(self) -> dict:
        """Keyword arguments for EwsInbox / EwsSender to reach this server."""
        return {"service_endpoint": self.endpoint, "auth_type": "noauth", "version": "2016"}

    # ------------------------------------------------------------------ the mailbox
    def _add_folder(self, name, parent, distinguished=None, folder_class="IPF.Note") -> FakeFolder:
        folder = FakeFolder(_new_id("folder"), name, parent, distinguished, folder_class=folder_class)
        self.folders[folder.id] = folder
        return folder

    def folder(self, path: str) -> FakeFolder | None:
        """A folder by distinguished name or by path from the top: "inbox", "Processed",
        "Inbox/Processed"."""
        parts = [p for p in path.split("/") if p]
        current = next((f for f in self.folders.values() if f.distinguished == parts[0].lower()), None)
        if current is None:
            current = self._distinguished("msgfolderroot")
        else:
            parts = parts[1:]
        for name in parts:
            current = next((f for f in self.folders.values()
                            if f.parent == current.id and f.name.lower() == name.lower()), None)
            if current is None:
                return None
        return current

    def _distinguished(self, name: str) -> FakeFolder:
        return next(f for f in self.folders.values() if f.distinguished == name)

    def deliver(self, raw: bytes, folder: str = "inbox", received: datetime | None = None) -> FakeItem:
        """A message arrives (DateTimeReceived one second after the previous, unless given)."""
        with self._lock:
            self._clock += timedelta(seconds=1)
            item = FakeItem(_new_id("item"), self.folder(folder).id, raw, received or self._clock)
            self.items[item.id] = item
            return item

    def messages(self, folder: str) -> list[bytes]:
        """The raw MIME of every item in a folder, oldest first ([] if there is no such folder)."""
        where = self.folder(folder)
        if where is None:
            return []
        with self._lock:
            items = sorted((i for i in self.items.values() if i.folder == where.id), key=lambda i: i.received)
            return [i.mime for i in items]

    # ------------------------------------------------------------------ observing and failing
    def operations(self) -> list[str]:
        return [r.operation for r in self.requests]

    def requests_for(self, operation: str) -> list[Request]:
        return [r for r in self.requests if r.operation == operation]

    def fail_next(self, n: int, kind: str = "busy", operation: str | None = None) -> None:
        """Make the next `n` requests (of `operation`, or any) fail as `kind`."""
        if kind not in ("busy", "unauthorized", "drop", "lose_answer"):
            raise ValueError(kind)
        with self._lock:
            self._faults.extend([(kind, operation)] * n)

    def _fault_for(self, operation: str) -> str | None:
        with self._lock:
            for i, (kind, op) in enumerate(self._faults):
                if op is None or op == operation:
                    del self._faults[i]
                    return kind
        return None

    # ------------------------------------------------------------------ HTTP
    def _handle(self, http: BaseHTTPRequestHandler) -> None:
        length = int(http.headers.get("Content-Length") or 0)
        body = http.rfile.read(length)
        try:
            root = etree.fromstring(body)
            request_body = root.find("s:Body", NS)
            op_elem = request_body[0]
            operation = etree.QName(op_elem).localname
            version_elem = root.find("s:Header/t:RequestServerVersion", NS)
            version = version_elem.get("Version") if version_elem is not None else "Exchange2016"
        except Exception:
            self._reply(http, 400, b"Bad Request", "text/plain")
            return
        with self._lock:
            self.requests.append(Request(operation, body, dict(http.headers)))
        fault = self._fault_for(operation)
        if fault == "drop":
            http.close_connection = True
            return
        if fault == "unauthorized":
            self._reply(http, 401, b"401 - Unauthorized: Access is denied due to invalid credentials.",
                        "text/html", extra={"WWW-Authenticate": "NTLM"})
            return
        if fault == "busy":
            self._reply(http, 500, _server_busy().encode(), "text/xml; charset=utf-8")
            return
        handler = getattr(self, f"_op_{operation}", None)
        if handler is None:
            answer = _envelope(version, f'<s:Fault><faultcode>a:ErrorInvalidRequest</faultcode>'
                                        f'<faultstring>{operation} is not served by the fake</faultstring></s:Fault>')
            self._reply(http, 500, answer.encode(), "text/xml; charset=utf-8")
            return
        with self._lock:
            messages = handler(op_elem)
        if fault == "lose_answer":
            http.close_connection = True
            return
        answer = _envelope(version, f'<m:{operation}Response xmlns:m="{M}" xmlns:t="{T}">'
                                    f'<m:ResponseMessages>{"".join(messages)}</m:ResponseMessages>'
                                    f'</m:{operation}Response>')
        self._reply(http, 200, answer.encode(), "text/xml; charset=utf-8")

    @staticmethod
    def _reply(http, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
        http.send_response(status)
        http.send_header("Content-Type", content_type)
        http.send_header("Content-Length", str(len(body)))
        http.send_header("X-BackEndHttpStatus", str(status))
        for k, v in (extra or {}).items():
            http.send_header(k, v)
        http.end_headers()
        http.wfile.write(body)

    # ------------------------------------------------------------------ operations
    def _folder_ref(self, elem) -> FakeFolder | None:
        """The folder a FolderId or DistinguishedFolderId element names."""
        tag = etree.QName(elem).localname
        if tag == "DistinguishedFolderId":
            mailbox = elem.find("t:Mailbox/t:EmailAddress", NS)
            if mailbox is not None and mailbox.text.lower() != self.address:
                return None
            return next((f for f in self.folders.values() if f.distinguished == elem.get("Id")), None)
        return self.folders.get(elem.get("Id"))

    def _op_GetFolder(self, op) -> list[str]:
        out = []
        for ref in op.find("m:FolderIds", NS):
            folder = self._folder_ref(ref)
            if folder is None:
                out.append(_error("GetFolder", "ErrorFolderNotFound",
                                  "The specified folder could not be found in the store."))
            else:
                out.append(_success("GetFolder", f"<m:Folders>{self._folder_xml(folder)}</m:Folders>"))
        return out

    def _op_FindFolder(self, op) -> list[str]:
        out = []
        name = None
        constant = op.find("m:Restriction/t:IsEqualTo/t:FieldURIOrConstant/t:Constant", NS)
        field_uri = op.find("m:Restriction/t:IsEqualTo/t:FieldURI", NS)
        if constant is not None and field_uri is not None and field_uri.get("FieldURI") == "folder:DisplayName":
            name = constant.get("Value")
        for ref in op.find("m:ParentFolderIds", NS):
            parent = self._folder_ref(ref)
            if parent is None:
                out.append(_error("FindFolder", "ErrorFolderNotFound",
                                  "The specified folder could not be found in the store."))
                continue
            children = [f for f in self.folders.values() if f.parent == parent.id
                        and (name is None or f.name.lower() == name.lower())]
            inner = "".join(self._folder_xml(f) for f in children)
            out.append(_success("FindFolder", f'<m:RootFolder IndexedPagingOffset="{len(children)}" '
                                              f'TotalItemsInView="{len(children)}" IncludesLastItemInRange="true">'
                                              f"<t:Folders>{inner}</t:Folders></m:RootFolder>"))
        return out

    def _op_CreateFolder(self, op) -> list[str]:
        parent = self._folder_ref(op.find("m:ParentFolderId", NS)[0])
        out = []
        for elem in op.find("m:Folders", NS):
            name = elem.find("t:DisplayName", NS).text
            if parent is None:
                out.append(_error("CreateFolder", "ErrorParentFolderNotFound", "Parent folder not found."))
            elif any(f.parent == parent.id and f.name.lower() == name.lower() for f in self.folders.values()):
                out.append(_error("CreateFolder", "ErrorFolderExists",
                                  "A folder with the specified name already exists."))
            else:
                folder = self._add_folder(name, parent.id)
                out.append(_success("CreateFolder", f"<m:Folders><t:Folder><t:FolderId Id={quoteattr(folder.id)} "
                                                    f"ChangeKey={quoteattr(folder.changekey)}/></t:Folder></m:Folders>"))
        return out

    def _op_FindItem(self, op) -> list[str]:
        wanted = {e.get("FieldURI") for e in op.findall("m:ItemShape/t:AdditionalProperties/t:FieldURI", NS)}
        view = op.find("m:IndexedPageItemView", NS)
        limit = int(view.get("MaxEntriesReturned")) if view is not None and view.get("MaxEntriesReturned") else 1000
        offset = int(view.get("Offset") or 0) if view is not None else 0
        match = self._restriction(op.find("m:Restriction", NS))
        order = op.find("m:SortOrder/t:FieldOrder", NS)
        descending = order is not None and order.get("Order") == "Descending"
        out = []
        for ref in op.find("m:ParentFolderIds", NS):
            folder = self._folder_ref(ref)
            if folder is None:
                out.append(_error("FindItem", "ErrorFolderNotFound",
                                  "The specified folder could not be found in the store."))
                continue
            items = sorted((i for i in self.items.values() if i.folder == folder.id and match(i)),
                           key=lambda i: (i.received, i.id), reverse=descending)
            page = items[offset:offset + limit]
            last = offset + len(page) >= len(items)
            inner = "".join(self._item_xml(i, wanted) for i in page)
            out.append(_success("FindItem", f'<m:RootFolder IndexedPagingOffset="{offset + len(page)}" '
                                            f'TotalItemsInView="{len(items)}" '
                                            f'IncludesLastItemInRange="{"true" if last else "false"}">'
                                            f"<t:Items>{inner}</t:Items></m:RootFolder>"))
        return out

    def _restriction(self, restriction):
        if restriction is None:
            return lambda item: True
        equal = restriction.find("t:IsEqualTo", NS)
        uri = equal.find("t:FieldURI", NS).get("FieldURI") if equal is not None else None
        if uri != "message:InternetMessageId":
            raise NotImplementedError(f"restriction {etree.tostring(restriction)!r}")
        value = equal.find("t:FieldURIOrConstant/t:Constant", NS).get("Value")
        return lambda item: item.message_id == value

    def _op_GetItem(self, op) -> list[str]:
        wanted = {e.get("FieldURI") for e in op.findall("m:ItemShape/t:AdditionalProperties/t:FieldURI", NS)}
        out = []
        for ref in op.find("m:ItemIds", NS):
            item = self.items.get(ref.get("Id"))
            if item is None:
                out.append(_error("GetItem", "ErrorItemNotFound",
                                  "The specified object was not found in the store.", "<m:Items/>"))
            else:
                out.append(_success("GetItem", f"<m:Items>{self._item_xml(item, wanted)}</m:Items>"))
        return out

    def _op_MoveItem(self, op) -> list[str]:
        target = self._folder_ref(op.find("m:ToFolderId", NS)[0])
        out = []
        for ref in op.find("m:ItemIds", NS):
            item = self.items.get(ref.get("Id"))
            if target is None:
                out.append(_error("MoveItem", "ErrorFolderNotFound",
                                  "The specified folder could not be found in the store.", "<m:Items/>"))
            elif item is None:
                out.append(_error("MoveItem", "ErrorItemNotFound",
                                  "The specified object was not found in the store.", "<m:Items/>"))
            else:
                # As Exchange does: a moved item gets a new ItemId.
                del self.items[item.id]
                item.id, item.changekey, item.folder = _new_id("item"), _new_id("ck"), target.id
                self.items[item.id] = item
                out.append(_success("MoveItem", f"<m:Items><t:Message><t:ItemId Id={quoteattr(item.id)} "
                                                f"ChangeKey={quoteattr(item.changekey)}/></t:Message></m:Items>"))
        return out

    def _op_CreateItem(self, op) -> list[str]:
        disposition = op.get("MessageDisposition")
        saved = op.find("m:SavedItemFolderId", NS)
        saved_in = self._folder_ref(saved[0]) if saved is not None else None
        out = []
        for message in op.find("m:Items", NS):
            mime_elem = message.find("t:MimeContent", NS)
            mime = base64.b64decode(mime_elem.text) if mime_elem is not None and mime_elem.text else b""
            bcc = [e.text for e in message.findall("t:BccRecipients/t:Mailbox/t:EmailAddress", NS)]
            props = [etree.QName(c).localname for c in message]
            self.sent.append(Sent(mime, disposition, saved_in.distinguished or saved_in.name if saved_in else None,
                                  bcc, props))
            if disposition in ("SendAndSaveCopy", "SaveOnly"):
                where = saved_in or self._distinguished("sentitems" if disposition == "SendAndSaveCopy" else "drafts")
                self._clock += timedelta(seconds=1)
                item = FakeItem(_new_id("item"), where.id, mime, self._clock)
                self.items[item.id] = item
                if disposition == "SaveOnly":
                    out.append(_success("CreateItem", f"<m:Items><t:Message><t:ItemId Id={quoteattr(item.id)} "
                                                      f"ChangeKey={quoteattr(item.changekey)}/></t:Message></m:Items>"))
                    continue
            out.append(_success("CreateItem", "<m:Items/>"))
        return out

    # ------------------------------------------------------------------ XML of things
    def _folder_xml(self, f: FakeFolder) -> str:
        parent = self.folders.get(f.parent) if f.parent else None
        count = sum(1 for i in self.items.values() if i.folder == f.id)
        children = sum(1 for c in self.folders.values() if c.parent == f.id)
        parts = [f"<t:FolderId Id={quoteattr(f.id)} ChangeKey={quoteattr(f.changekey)}/>"]
        if parent:
            parts.append(f"<t:ParentFolderId Id={quoteattr(parent.id)} ChangeKey={quoteattr(parent.changekey)}/>")
        if f.folder_class:
            parts.append(f"<t:FolderClass>{f.folder_class}</t:FolderClass>")
        parts.append(f"<t:DisplayName>{escape(f.name)}</t:DisplayName>")
        parts.append(f"<t:TotalCount>{count}</t:TotalCount><t:ChildFolderCount>{children}</t:ChildFolderCount>")
        parts.append("<t:EffectiveRights><t:CreateAssociated>true</t:CreateAssociated>"
                     "<t:CreateContents>true</t:CreateContents><t:CreateHierarchy>true</t:CreateHierarchy>"
                     "<t:Delete>true</t:Delete><t:Modify>true</t:Modify><t:Read>true</t:Read>"
                     "<t:ViewPrivateItems>true</t:ViewPrivateItems></t:EffectiveRights>")
        if f.distinguished:
            parts.append(f"<t:DistinguishedFolderId>{f.distinguished}</t:DistinguishedFolderId>")
        parts.append("<t:UnreadCount>0</t:UnreadCount>")
        return f"<t:Folder>{''.join(parts)}</t:Folder>"

    @staticmethod
    def _item_xml(item: FakeItem, wanted: set[str]) -> str:
        # Elements in the schema's order: MimeContent, ItemId, …, DateTimeReceived, …
        parts = []
        if "item:MimeContent" in wanted:
            parts.append(f'<t:MimeContent CharacterSet="UTF-8">{base64.b64encode(item.mime).decode()}</t:MimeContent>')
        parts.append(f"<t:ItemId Id={quoteattr(item.id)} ChangeKey={quoteattr(item.changekey)}/>")
        if "item:DateTimeReceived" in wanted:
            parts.append(f"<t:DateTimeReceived>{item.received.strftime('%Y-%m-%dT%H:%M:%SZ')}</t:DateTimeReceived>")
        if "message:InternetMessageId" in wanted and item.message_id:
            parts.append(f"<t:InternetMessageId>{escape(item.message_id)}</t:InternetMessageId>")
        return f"<t:Message>{''.join(parts)}</t:Message>"


# ---------------------------------------------------------------------- SOAP envelopes

def _envelope(version: str, body: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>'
            f'<s:Envelope xmlns:s="{SOAP}">'
            '<s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" '
            f'MinorBuildNumber="6" Version={quoteattr(version)} xmlns:h="{T}" xmlns="{T}" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:xsd="http://www.w3.org/2001/XMLSchema"/></s:Header>'
            '<s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xmlns:xsd="http://www.w3.org/2001/XMLSchema">{body}</s:Body></s:Envelope>')


def _success(operation: str, inner: str) -> str:
    return (f'<m:{operation}ResponseMessage ResponseClass="Success">'
            f"<m:ResponseCode>NoError</m:ResponseCode>{inner}</m:{operation}ResponseMessage>")


def _error(operation: str, code: str, text: str, inner: str = "") -> str:
    return (f'<m:{operation}ResponseMessage ResponseClass="Error">'
            f"<m:MessageText>{escape(text)}</m:MessageText><m:ResponseCode>{code}</m:ResponseCode>"
            f"<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>{inner}</m:{operation}ResponseMessage>")


def _server_busy(back_off_ms: int = 0) -> str:
    """The SOAP fault Exchange sends with HTTP 500 when it throttles a client."""
    text = "The server cannot service this request right now. Try again later."
    value = (f'<t:MessageXml xmlns:t="{T}"><t:Value Name="BackOffMilliseconds">{back_off_ms}</t:Value>'
             "</t:MessageXml>") if back_off_ms else ""
    return ('<?xml version="1.0" encoding="utf-8"?>'
            f'<s:Envelope xmlns:s="{SOAP}"><s:Body><s:Fault>'
            f'<faultcode xmlns:a="{T}">a:ErrorServerBusy</faultcode>'
            f'<faultstring xml:lang="en-US">{text}</faultstring><detail>'
            '<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">'
            'ErrorServerBusy</e:ResponseCode>'
            '<e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">'
            f"{text}</e:Message>{value}</detail></s:Fault></s:Body></s:Envelope>")


def make_message(sender: str, to: str, subject: str, body: str = "Hello.\n", *,
                 message_id: str | None = None, extra: dict | None = None) -> bytes:
    """A small RFC 5322 message (CRLF line ends), as a mail client would hand it over."""
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}",
             f"Date: {email.utils.formatdate(localtime=False)}",
             f"Message-ID: {message_id or email.utils.make_msgid(domain='example.gov.uk')}",
             "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
    lines += [f"{k}: {v}" for k, v in (extra or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode()
