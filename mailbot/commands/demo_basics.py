"""Demo journey: what the engine does for every mailbox, whatever the workflow."""
from __future__ import annotations

SSST = "specialist.services@ssst.cmg.example.gov.uk"
OFFICER = "priya.shah@ssst.cmg.example.gov.uk"
NOMINATED = "david.osei@ssst.cmg.example.gov.uk"
TRIAGE = "moira.hughes@ssst.cmg.example.gov.uk"


def journey(world, say):
    """Rules that hold in every mailbox: read receipts, strangers, a suicide risk."""
    sent_to_officers = [m for officer in (OFFICER, "tom.reilly@ssst.cmg.example.gov.uk")
                        for m in world.inbox(officer)]
    if sent_to_officers:
        first = sent_to_officers[0]
        reader = OFFICER if first in world.inbox(OFFICER) else "tom.reilly@ssst.cmg.example.gov.uk"
        say("officer", f"opens \"{first.subject}\" and a read receipt goes back")
        world.deliver_raw(_read_receipt(first, reader, SSST, world.clock.now()), reader, SSST)
        world.run()

    say("stranger", "someone outside the allow-list writes in asking about a case")
    world.send("curious.person@example.com", SSST, "SR 1-9RB2WX5 - what is happening?",
               "Tell me everything about Connor Doyle's case please.")
    world.run()

    say("caseworker", "forwards a client's email that mentions self-harm")
    world.send("harriet.okonjo@cmg.example.gov.uk", SSST, "FW: message from client",
               "Forwarding this as it came in this morning.\n\n---------- Forwarded message ---------\n"
               "I can't cope any more, I am thinking of ending my life. SR 1-9RB2WX5")
    world.run()
    say("nominated", f"{NOMINATED} has {len(world.inbox(NOMINATED))} urgent message(s)")


def _read_receipt(original, reader: str, to: str, when) -> bytes:
    """An RFC 8098 disposition notification, as Outlook or Thunderbird sends it."""
    import email.utils
    boundary = "mdn-boundary-1"
    return (
        f"From: {reader}\r\nTo: {to}\r\nSubject: Read: {original.subject}\r\n"
        f"Date: {email.utils.format_datetime(when)}\r\n"
        f"Message-ID: <mdn.{int(when.timestamp())}@cmg.example.gov.uk>\r\n"
        f"MIME-Version: 1.0\r\n"
        f"Content-Type: multipart/report; report-type=disposition-notification; boundary=\"{boundary}\"\r\n\r\n"
        f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nYour message was displayed.\r\n"
        f"--{boundary}\r\nContent-Type: message/disposition-notification\r\n\r\n"
        f"Final-Recipient: rfc822;{reader}\r\nOriginal-Message-ID: {original.message_id}\r\n"
        f"Disposition: manual-action/MDN-sent-manually; displayed\r\n"
        f"--{boundary}--\r\n").encode()
