"""Demo journey: a face-to-face visit from the caseworker's request to the completed visit."""
from __future__ import annotations

SSST = "specialist.services@ssst.cmg.example.gov.uk"
VSAT = "vsat.interviews@vsat.cmg.example.gov.uk"
CASEWORKER = "harriet.okonjo@cmg.example.gov.uk"
CASEWORKER_LEADER = "ifan.roberts@cmg.example.gov.uk"
SSST_OFFICER = "priya.shah@ssst.cmg.example.gov.uk"
VSAT_OFFICER = "gillian.peart@vsat.cmg.example.gov.uk"

REQUEST = """Hi SSST,

Please arrange a face to face visit for this client. CMSF5579 details below.

SR number: {sr}
SCIN: {scin}
Client name: {name}
Client role: {role}
Address: {address}
Postcode: {postcode}
Phone: 07700 900123
Reason for face to face: {reason}
Special requirements: {special}
Caseworker email: {caseworker}
Team leader email: {leader}

Thanks
Harriet Okonjo
"""


def request_body(sr="1-7QF3KD2", scin="1100 2233 4455", name="Dean Fletcher",
                 role="paying parent", address="14 Harehills Lane, Leeds", postcode="LS8 4AB",
                 reason="payments", special="None", caseworker=CASEWORKER,
                 leader=CASEWORKER_LEADER) -> str:
    return REQUEST.format(sr=sr, scin=scin, name=name, role=role, address=address,
                          postcode=postcode, reason=reason, special=special,
                          caseworker=caseworker, leader=leader)


def journey(world, say):
    """Face to face: caseworker → SSST PV check → VSAT accepts → consultant books → CMSL5501 → visit completed."""
    say("caseworker", "asks SSST for a face to face visit (CMSF5579 in the body)")
    world.send(CASEWORKER, SSST, "Face to face request - SR 1-7QF3KD2", request_body())
    world.run()

    prompt = world.last(SSST_OFFICER, "Full PV check")
    say("SSST", "does the full PV check on the DWP systems and replies")
    world.reply(SSST_OFFICER, prompt, "PV: no marker")
    world.run()
    world.run()    # the CMSF5579 reaches the VSAT mailbox and opens the VSAT case

    review = world.last(VSAT_OFFICER, "referral to review")
    say("VSAT", "checks PV and UCB on DAL, DWP SPL, CIS and the 2012 system, then accepts")
    world.reply(VSAT_OFFICER, review, "ACCEPT")
    world.run()

    consultant = "ben.walsh@f2f.cmg.example.gov.uk"
    request = world.last(consultant, "Face to face visit required")
    world.advance(days=1)
    say("consultant", "phones the client and books the visit at the client's home")
    world.reply(consultant, request, "Appointment booked for Thursday 3 December 2026 at 10:30.\n"
                                     "Location: client's home, 14 Harehills Lane, Leeds LS8 4AB")
    world.run()
    world.run()    # the appointment reaches SSST: CMSL5501 for the officer to issue
    letter = world.last(SSST_OFFICER, "Issue CMSL5501")
    say("SSST", f"gets \"{letter.subject}\" with {', '.join(letter.attachments())}")

    world.advance(to=world.clock.now().replace(month=12, day=3, hour=15, minute=0))
    say("consultant", "reports the visit completed")
    world.reply(consultant, request, "Visit completed today, client attended.", quote=True)
    world.run()
    world.run()
    done = world.last(CASEWORKER, "visit completed")
    say("caseworker", f"told: \"{done.subject}\"")
