"""Procedure 004 steps 8-23 read as answers: CEAST on the customer's contact, the SPOC on a
second visit, the case conference, CEAST's finding and its contact attempts, the SPOC's
DISC/ATWIS update, and the adviser's award decision."""
from __future__ import annotations

import re
from datetime import date

from mailbot.reading.visiting_words import UNSURE, has, next_day, own_words, past_day

# --- CEAST: the customer's contact in the window (step 8) ----------------------------------------------

_NO_CONTACT = r"\b(?:no (?:contact|call|calls|word|response|reply)|not (?:been |yet )?(?:in touch|contacted|heard|called|rung|phoned|made contact)|" \
              r"(?:hasn.?t|has not|haven.?t|have not|didn.?t|did not) (?:yet )?(?:been in touch|contacted|called|rung|phoned|heard|" \
              r"made contact|got in touch|responded|come back)|nothing (?:from|yet|heard|received)|" \
              r"no sign of (?:a call|contact|him|her|them)|not heard|not a peep|no peep|radio silence|been and gone|" \
              r"(?:can.?t|cannot|couldn.?t) see any (?:contact|calls?|record)|nothing on (?:our|the) (?:log|system)|no (?:record|trace) of)\b"
_CONTACT = r"\b(?:(?:has|have|did|had) (?:now )?(?:contacted|called|rung|phoned|been in touch|got in touch|made contact)|" \
           r"did (?:get in touch|ring|call|phone|make contact|contact)|(?:rang|called|phoned|emailed|contacted) (?:us|ceast|the team|in)\b|" \
           r"took (?:the|a|his|her) call|cust\w* (?:called|rang|phoned)|left (?:a |us a )?(?:voicemail|message)|" \
           r"(?:rang|called|phoned) (?:her|him|them) back|returned (?:her|his|their) call|" \
           r"(?:customer|he|she|they|mr|mrs|ms|miss|dr|okafor|daniel)\b[^.\n]{0,30}\b(?:called|rang|phoned|contacted|got in touch|" \
           r"rung|emailed|came in|made contact|was in touch|has been in touch|returned (?:our|the) call)|" \
           r"(?:we|I) (?:spoke|talked|have spoken|have talked|had a (?:call|chat|conversation))|" \
           r"(?:received|took|had) a call|heard from|made contact|got in touch|been in touch|spoke (?:to|with))\b"


def ceast_contact(text: str, anchor: date | None = None) -> dict:
    said = own_words(text)
    if has(_NO_CONTACT, said) and not has(r"\b(?:but|until|then|now) (?:he|she|they|the customer)\b[^.\n]{0,20}\b(?:called|rang|phoned)", said):
        return {"contacted": False, "summary": None}
    if has(_CONTACT, said):
        return {"contacted": True, "summary": said.strip()[:2000] or None}
    return {"contacted": None, "summary": None}


# --- the SPOC: a second visit or not (step 8) -------------------------------------------------------------

_NO_SECOND = r"\b(?:no (?:need for |further |second |2nd |more |other )?(?:a |another )?(?:second |2nd |further |another |re-?)?visit|" \
             r"(?:second |2nd |further |another |re-?)?visit (?:is |isn.?t |is not |won.?t be |will not be )?(?:not |n.?t )" \
             r"(?:needed|required|necessary)|(?:isn.?t|is not|not) (?:needed|required|necessary)|" \
             r"(?:don.?t|do not|doesn.?t|does not|won.?t|will not|shouldn.?t) (?:think (?:we|he|they|mark) )?(?:need|require|have) " \
             r"(?:to (?:make |do |go back|revisit)|a |another |any )|no need|not needed|not necessary|" \
             r"cancel (?:the )?(?:second |2nd )?visit|stand (?:the )?(?:visit(?:ing)? )?down|" \
             r"no further (?:visit|action from visiting)|can (?:be )?(?:closed|stood down)|hold off|" \
             r"without a (?:re-?|second |further )?visit|doubt\b[^.\n]{0,40}\b(?:needs?|again|visit)|^\W*no\b|" \
             r"(?:re-?visit|second visit|2nd visit)\s*[-:]\s*(?:no|not|n)\b|(?:can.?t|don.?t) see the point|no point|pointless|" \
             r"(?:don.?t|doesn.?t|do not|does not) need to go (?:again|back|out)|leave it\b)"
_SECOND = r"\b(?:(?:second|2nd|another|further) visit (?:is |will be )?(?:needed|required|necessary|please|still|going ahead)|" \
          r"(?:please |pls |can you |go ahead (?:and |with )?)?(?:arrange|make|book|do|proceed with|carry out|go ahead with) " \
          r"(?:the |a )?(?:second|2nd|another|further|follow.?up) visit|(?:still|does|do) (?:needs?|require\w*) (?:a |the )?(?:second |another )?visit|" \
          r"(?:needs?|should|must) (?:be )?(?:re-?)?visit\w*|go back (?:out|round)|yes,? (?:please|a second|go ahead)|^\W*yes\b|" \
          r"visit(?:ing)? (?:should|to) (?:go|proceed|continue|make)|(?:went|go|goes) (?:out )?once more|one more (?:visit|go|try)|" \
          r"(?:re-?visit|second visit|2nd visit)\s*[-:]\s*(?:yes|y|required|needed)\b|needs? to (?:actually )?see him|see (?:him|her) in person|" \
          r"(?:second|2nd|another|further) visit (?:is |would be )?(?:still )?(?:worth|a good idea|the right)|" \
          r"(?:go|going|head) (?:out|back|round)[^.\n]{0,40}\bagain\b)"
_DONE = r"(?:\b(?:disc|atwis|notes?|system|record|note of the \w+)\w* (?:is |are |has been |have been |now |both )*(?:updated|noted|done|in|on (?:both )?(?:disc|atwis))\b|" \
        r"\b(?:updated|noted)\b|\bdone (?:the |my )?(?:disc|atwis|notes?|update)|\b(?:have|I.?ve|I have|all) (?:now )?(?:updated|put)|" \
        r"\bupdate (?:is )?done|\b(?:added|entered|recorded) (?:a |the |my )?(?:full |short |detailed )?note|\bnotes?\s*[-:]\s*done|\bput (?:a |the |all of )?(?:it |this |them |everything |full |short )?" \
        r"(?:note\w* )?(?:[\w ]{0,40} )?on (?:disc|atwis)|\b(?:on|in) the system\b|\bit.?s (?:all )?in\b|\ball (?:on|in)\b)"
_NOT_DONE = r"\b(?:not (?:yet )?(?:updated|done)|^\W*not yet|haven.?t (?:yet )?(?:updated|done|had|got)|have not (?:yet )?updated|will (?:update|do|get|finish|add)|" \
            r"I.?ll (?:update|do|get|finish|add|sort|try)|haven.?t (?:managed|been able)|not been able|(?:is|are|.?s) down\b|" \
            r"it.?ll be done|will be done|by end of (?:play|day)|\beo[dp]\b|going to (?:do|update)|(?:still )?to update|yet to|still need|half done|started the|" \
            r"can.?t get the note on|(?:atwis|disc) is down|after lunch|later (?:today|on)|first thing|in the morning|" \
            r"this afternoon|tomorrow|when I.?m back)\b"


def _updated(text: str) -> bool | None:
    """DISC/ATWIS updated: done (True), not yet or partly (False), not said (None). Not done
    is read in the whole text (a deferral is not a statement); done in the statements."""
    not_done = any(has(_NOT_DONE, sentence) and has(r"\b(?:disc|atwis|note\w*|updat\w*|do it|system|add|finish|put)\b",
                                                      sentence)
                   for sentence in re.split(r"(?<=[.!?])\s+|\n+", text))
    done = has(_DONE, own_words(text))
    return False if not_done else (True if done else None)


def second_visit_decision(text: str, anchor: date | None = None) -> dict:
    said = own_words(text)
    second = None
    if not has(UNSURE, said):
        if has(_NO_SECOND, said):
            second = False
        elif has(_SECOND, said):
            second = True
    return {"second_visit": second, "updated": _updated(text)}


# --- the case conference (step 16) ------------------------------------------------------------------------

_CONF = r"(?:case conference|conference|case conf|conf\b|meeting|call|discussion)"
_HELD = r"\b" + _CONF + r"\b[^.\n]{0,80}\b(?:held|took place|taken place|happened|done|went ahead|completed|finished|concluded|over)\b|" \
        r"\b(?:held|had|did|completed|finished|concluded|done) (?:the |a |our |my )?" + _CONF + r"|" \
        r"\b(?:we|I) (?:spoke|met|talked|discussed|have spoken|have met|have discussed|had a (?:call|chat|discussion|meeting))\b|" \
        r"\bconferenced\b|\b(?:we|I) (?:had|did|held) it\b|^\W*(?:held|done|had it|did it)\b|" \
        r"\b(?:and I|we) (?:went through|discussed|talked through|met|spoke)|\bactions? (?:were |are |have been )?agreed|agreed actions\b"
_NOT_HELD = r"\b(?:booked|scheduled|arranged|set up|planned|pencilled|lined up|diarised|in the diary|going to (?:hold|have|meet)|" \
            r"will (?:hold|have|meet|speak|discuss)|(?:we.?re|we are|I.?m) (?:meeting|speaking|having)|" \
            r"(?:hasn.?t|has not|haven.?t|have not|not yet|didn.?t|did not) (?:yet )?(?:been )?(?:held|happened|taken place|spoken|met|had)|" \
            r"postpon\w*|moved (?:it|the conference|the meeting|the call) to|rearranged|once it.?s happened|invit\w*|slot)\b"


_MOVED = r"\b(?:postpon\w*|re-?arranged|moved (?:it|the conference|the meeting|the call) to|due to have it)\b"
_CONF_NAMED = r"\b(?:case conference|conference|case conf|conf|meeting|teams|we.?re meeting)\b"


def conference_held(text: str, anchor: date | None = None) -> dict:
    said = own_words(text)
    held = None
    if has(_MOVED, text) or (has(_NOT_HELD, text) and has(_CONF_NAMED, text)):
        held = False
    elif has(_HELD, said):
        held = True
    return {"held": held, "held_on": past_day(said, anchor) if held else None}


# --- CEAST's finding (steps 18-21) -------------------------------------------------------------------------

_NO_ACS = r"(?:\bno (?:acs |advanced customer support |safeguarding |welfare |further |real |ongoing |outstanding )?concerns?\b|" \
          r"\bnot (?:an? )?(?:acs|advanced customer support)\b|\bno acs\b|" \
          r"\b(?:don.?t|do not|didn.?t|did not|haven.?t|have not|couldn.?t|could not|can.?t|cannot) (?:think|see|find|identify|consider|believe|have) " \
          r"(?:there.?s |there is |there are |any |an? )?(?:acs |advanced customer support |genuine |real )?(?:concerns?|issues?|grounds)|" \
          r"\b(?:concerns?|issues?) (?:were |was |have been |has been )?(?:not (?:identified|found|substantiated|confirmed)|unfounded|resolved|allayed|closed)|" \
          r"\bnothing (?:to (?:suggest|indicate|worry)|that (?:suggests|indicates|worries|concerns|meets)|of concern|concerning)|" \
          r"\b(?:doesn.?t|does not|don.?t) meet (?:the )?(?:acs )?(?:threshold|criteria|bar)|\bbelow the (?:acs )?threshold|" \
          r"\b(?:back|return\w*|hand\w*|pass\w*) (?:the case |it )?(?:back )?(?:to|over to) (?:the )?(?:atw|advis[eo]r|you)\b|step 23|" \
          r"\bcomfortable with\b|\bno further action\b|^\W*(?:no|nope|nah)\b|\bgo back to \w+ for (?:the|her|his) decision|" \
          r"\b(?:wouldn.?t|would not|don.?t) say there.?s (?:an? )?(?:acs )?concern|" \
          r"\b(?:is|are|seems?|appears?) (?:safe|well|fine|ok|okay|coping)\b|\bsatisfied (?:that )?(?:he|she|they|the customer|mr|ms|mrs)\b)"
_ACS = r"(?:\b(?:there is|there.?s|we have|we.?ve|we.?ve got|I have|there are|is|remains?|this is) (?:now |definitely |clearly |an? |genuine |real |serious )*" \
       r"(?:acs|advanced customer support|safeguarding|welfare)? ?concerns?\b|" \
       r"\b(?:has|have|we.?ve) (?:now )?identified (?:an? )?(?:acs |advanced customer support )?concern|" \
       r"\b(?:acs|advanced customer support) concern (?:is |has been )?(?:identified|confirmed|present|established|exists)|" \
       r"\b(?:acs )?concern\s*[-:]\s*yes\b|\bafraid so\b|" \
       r"\bconcerns? (?:is |are |has been |have been )?(?:identified|confirmed|substantiated|established)|" \
       r"\b(?:we are|we.?re|I am|I.?m|remain|be) (?:quite |very |really |still |seriously )?(?:concerned|worried)|" \
       r"\breferr\w* (?:it |this |the case )?(?:on )?to (?:the |an? )?acssl|\bacssl referral\b|^\W*(?:yes|yep|yeah)\b)"


def ceast_finding(text: str, anchor: date | None = None) -> dict:
    said = own_words(text)
    concern = None
    if not has(UNSURE, said):
        no, yes = has(_NO_ACS, said), has(_ACS, said)
        if yes and not no:
            concern = True
        elif no and not (yes and has(r"\b(?:acssl|review date)\b", said)):
            concern = False
        elif yes:
            concern = True
    review = next_day(said, anchor, (r"\breview\w*", r"\bacssl\b|\bfollow.?up\b")) if concern is not False else None
    return {"acs_concern": concern, "review_date": review}


# --- CEAST's attempts to establish contact (steps 20, 22) --------------------------------------------------

_ATTEMPT = r"\b(?:rang|called|call(?:ed)?|phon\w*|text\w*|sms|letter|wrote|written|email\w*|spoke|spoken|contact\w*|" \
           r"tried|attempt\w*|left (?:a )?(?:message|voicemail|vm)|voicemail|appointee|poa|power of attorney|" \
           r"next of kin|nok|cpn|community psychiatric|social services|social worker|police|gp|support worker|" \
           r"welfare check|referred (?:her|him|them|it|to)|referral made|made a referral|social care|liaised|visited|seen|got through|no luck|landline|mobile)\b"
_ALL_STEPS = r"\b(?:all (?:reasonable |possible |the )?(?:steps|avenues|options|actions)|everything (?:we|I) (?:can|could)|" \
             r"nothing (?:more|further|else) (?:we|I|that we|that I) can|exhausted|(?:our|CEAST.?s) (?:enquiries|work|involvement|actions?) (?:is |are )?" \
             r"(?:complete\w*|finished|concluded|done|closed)|no further (?:action|steps|contact attempts)|concluded|" \
             r"done all|closing (?:our|this|the case|it)|(?:we|I) (?:are|am|have) (?:now )?(?:finished|done|completed)|" \
             r"(?:steps|actions) (?:are |have been )?(?:all )?(?:complete\w*|taken|done)|end of the road|" \
             r"hand(?:ing)? (?:it |this |the case )?(?:back|over)|(?:can.?t|cannot) do (?:any ?)?more)\b"


def ceast_update(text: str, anchor: date | None = None) -> dict:
    said = own_words(text)
    attempts = said.strip()[:2000] if has(_ATTEMPT, said) else None
    complete = has(_ALL_STEPS, said) and not has(
        r"\b(?:not (?:yet )?(?:all|finished|done|complete)|still (?:trying|to|need|waiting|have)|yet to|more to do|"
        r"not (?:yet )?at the end|still (?:an )?options?|"
        r"next step|will (?:try|call|ring|contact|chase|refer|write))\b", said)
    return {"attempts": attempts, "steps_complete": True if complete else (False if attempts else None)}


# --- the SPOC's update of DISC/ATWIS (step 22) ---------------------------------------------------------------

def dwp_updated(text: str, anchor: date | None = None) -> dict:
    value = _updated(text)
    if value is None and has(r"^\W*(?:done|all done|yes|yep|completed|sorted)\b", own_words(text)):
        value = True
    if value is None and has(_FUTURE, text):
        value = False                       # "will do it this afternoon"
    return {"updated": value}


_FUTURE = r"\b(?:it.?ll be done|by end of (?:play|day)|will (?:do|get|update|sort|have)|I.?ll (?:do|get|update|sort|have)|going to (?:do|update)|" \
          r"first thing|later (?:today|on)|not (?:yet|done)|yet to|on my list|get to it)\b"


# --- the adviser's award decision (step 23) ------------------------------------------------------------------

_PART = r"\b(?:part(?:ial)? award|award\w* in part|in part|partial(?:ly)?|part-award)\b"
_REFUSE = r"\b(?:refus\w*|declin\w*|not (?:been )?(?:award\w*|approv\w*|grant\w*|successful|eligible)|disallow\w*|" \
          r"reject\w*|turned down|no award|unsuccessful|ineligible|nil award|won.?t be award\w*|can.?t award|cannot award|" \
          r"not able to award|unable to (?:award|approve)|can.?t see (?:a way|how) to (?:make an )?award|say no|" \
          r"it.?s a no|answer is no|^\W*no\b|(?:can.?t|cannot|won.?t|will not) fund)\b"
_AWARD = r"\b(?:award\w*|approv\w*|granted|grant (?:is |has been )?(?:agreed|made|approved|issued)|agreed|successful|allowed|" \
         r"accepted|going ahead|full award|partial award|in part|in full|signed off|authori[sz]ed)\b"


def award_decision(text: str, anchor: date | None = None) -> dict:
    said = own_words(text)
    if has(UNSURE, said) and not has(r"\b(?:decided|decision (?:is|was|made))\b", said):
        return {"awarded": None, "decision": None}
    if has(_PART, said):
        awarded = True
    else:
        awarded = False if has(_REFUSE, said) else (True if has(_AWARD, said) else None)
    return {"awarded": awarded, "decision": said.strip()[:2000] if awarded is not None else None}


