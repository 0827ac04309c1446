"""Procedure 004 steps 4-7 read as answers: a processor's (or adviser's) concern about a
customer, the SPOC's triage, and the Visiting Officer's report of a visit."""
from __future__ import annotations

import re
from datetime import date

from mailbot.reading.visiting_words import UNSURE, has, own_words, past_day

CONCERN_FIELDS = ("customer_name", "atw_reference", "address", "postcode", "phone", "concern")

# --- the processor's concern (steps 4-5) ---------------------------------------------------------

_LABEL = re.compile(r"^\s*\*?\s*(?P<label>customer(?:'?s)?\s*name|customer|claimant(?:\s*name)?|name|"
                    r"atw\s*(?:ref(?:erence)?|number|no\.?)|ref(?:erence)?(?:\s*(?:no\.?|number))?|"
                    r"address|postcode|post code|phone|tel(?:ephone)?|contact number|mobile|"
                    r"concerns?|details of (?:the )?concerns?|nature of (?:the )?concerns?|reason(?: for referral)?|what happened|issue)\s*\*?\s*[:\-–]\s*(?P<value>.*)$",
                    re.I)
_REF = re.compile(r"\b([A-Za-z]{2})[ -]?((?:\d[ -]?){6}\d)\b(?![ -]?\d)")
_REF_UNLABELLED = re.compile(r"\b(?!(?:on|to|at|in|is|or|of|no|it|by|we|me|my|as|an|be|do|go|he|if|so|up|us|am|pm)\b)"
                             r"([A-Za-z]{2})[ -]?((?:\d[ -]?){6}\d)\b(?![ -]?\d)", re.I)   # "on 0113 000 5555" is a phone
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.I)
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+[A-Z][A-Za-z'’-]*(?:[ \t]+[A-Z][a-z][A-Za-z'’-]*){0,2}")
_NAMED = re.compile(r"\b(?i:customer|claimant|applicant|cust|rang|called|phoned|spoke (?:to|with))\s*"
                    r"(?:is|called|named|-|,)?\s*([A-Z][a-z'’-]+\s+[A-Z][\w'’-]+)")
_STREET = re.compile(r"\b\d+[a-z]?,?\s+(?:[A-Z][\w'’-]+\s+){1,3}(?:Row|Road|Rd|Street|St|Lane|Avenue|Ave|"
                     r"Close|Drive|Way|Court|Crescent|Place|Terrace|Gardens|Park|Hill|Grove|View|Walk|"
                     r"Parade|Square|Mews)\b[^\n]*?" + _POSTCODE.pattern)


def acs_concern(text: str, anchor: date | None = None) -> dict:
    """A concern about a customer, from a form's labels or the words of an email."""
    fields: dict = {name: None for name in CONCERN_FIELDS}
    concern_lines: list[str] = []
    in_concern = False
    for line in text.splitlines():
        m = _LABEL.match(line)
        if m:
            label, value = m.group("label").lower(), m.group("value").strip(" *")
            in_concern = label.startswith(("concern", "details", "nature", "reason", "what", "issue"))
            if in_concern:
                if value:
                    concern_lines.append(value)
            elif label.startswith(("customer", "claimant", "name")) and value and not fields["customer_name"]:
                fields["customer_name"] = value
            elif label.startswith(("atw", "ref")) and _REF.search(value):
                fields["atw_reference"] = _ref(_REF.search(value))
            elif label.startswith("address") and value:
                fields["address"] = value
            elif label.startswith("post") and _POSTCODE.search(value):
                fields["postcode"] = _postcode(value)
            elif label.startswith(("phone", "tel", "contact", "mobile")) and value:
                fields["phone"] = re.sub(r"[^\d+]", "", value) or None
            continue
        if in_concern and line.strip():
            concern_lines.append(line.strip())
    said = own_words(text)
    if not fields["atw_reference"]:
        ref = _REF_UNLABELLED.search(said) or _REF_UNLABELLED.search(text)
        fields["atw_reference"] = _ref(ref) if ref else None
    if not fields["postcode"]:
        postcode = _POSTCODE.search(fields["address"] or "") or _POSTCODE.search(text)
        fields["postcode"] = _postcode(postcode.group(0)) if postcode else None
    if fields["address"]:
        fields["address"] = _POSTCODE.sub("", fields["address"]).strip(" ,") or None
    else:
        street = _STREET.search(text)
        if street:
            fields["address"] = _POSTCODE.sub("", street.group(0)).strip(" ,") or None
    if not fields["customer_name"]:
        titled = _TITLED.search(said) or _TITLED.search(text)
        named = _NAMED.search(said)
        fields["customer_name"] = titled.group(0) if titled else (named.group(1) if named else None)
    concern = "\n".join(concern_lines).strip() or "\n".join(
        line for line in said.splitlines() if not _LABEL.match(line) and not _GREETING.match(line)).strip()
    fields["concern"] = concern[:2000] if concern and _is_concern(concern, fields) else None
    return fields


_GREETING = re.compile(r"^\W*(?:hi|hello|hiya|dear|morning|afternoon|evening|good (?:morning|afternoon))\b[\w ]{0,30}[,!.]?\s*$",
                       re.I)


def atw_reference(text: str) -> str | None:
    """The AtW reference a message names ("AW0517730", "aw 064 7715"), or None."""
    m = _REF_UNLABELLED.search(text)
    return _ref(m) if m else None


def _ref(m: re.Match) -> str:
    return (m.group(1) + re.sub(r"[\s-]", "", m.group(2))).upper()


def _is_concern(text: str, fields: dict) -> bool:
    """Words of worry about someone, or, about a customer the message names, enough words to be
    more than their details ("Please see attached referral for Ms Tran, AW0401173, ..." is not)."""
    if has(_NO_LONGER, text):
        return False                      # good news, a thank-you: it names the customer, raises nothing
    if has(_STRONG, text):
        return True
    rest = text
    for name in ("customer_name", "atw_reference", "address", "postcode"):
        if fields.get(name):
            rest = rest.replace(fields[name], " ")
    rest = _REF.sub(" ", _POSTCODE.sub(" ", rest))
    rest = re.sub(r"^\W*(?:hi|hello|hiya|dear|morning|afternoon|good \w+)\b[^\n]*$", "", rest, flags=re.I | re.M)
    words = re.findall(r"[A-Za-z']+", rest)
    named = bool(fields.get("customer_name") or fields.get("atw_reference"))
    return named and len(words) >= 8 and (has(_OBSERVED, rest) or '"' in rest or "“" in rest)


_STRONG = r"\b(?:concern(?:ed|s|ing)?|worr\w*|vulnerab\w*|struggl\w*|distress\w*|self[- ]?harm|suicid\w*|" \
          r"safeguard\w*|welfare|at risk|crying|in tears|tearful|neglect\w*|exploit\w*|abus\w*|hopeless|" \
          r"desperate|frighten\w*|scared|had enough|can.?t cope|not coping|uneasy)\b"


_NO_LONGER = r"\b(?:thanks (?:for|so much)|thank you for|really appreciated|good news|nothing (?:further|more) (?:needed|required)|" \
             r"close (?:the referral|it|this) off|no longer (?:needed|a concern|required)|please close)\b"
# Words that make a message plainly not an answer of a kind (answers.on_topic).
OFF_TOPIC = {"acs_concern": _NO_LONGER}
# What a processor saw or heard of the customer (not just "can you take a look at him"):
_OBSERVED = r"\b(?:said|says|saying|told|tells|mentioned|sounded|sounds|seemed|seems|appear\w*|keeps?|kept|" \
            r"hasn.?t|isn.?t|wasn.?t|won.?t|can.?t|cannot|couldn.?t|didn.?t|doesn.?t|stopped|lost|living|lives|" \
            r"sleeping|crying|shouting|hung up|threat\w*|self|mental|health|hospital|money|debt|evict\w*|" \
            r"landlord|alone|confus\w*|upset|angry|drunk|slurr\w*|eating|medication|tablets|carer|nobody|" \
            r"no one|picks up|answer\w*)\b"


def _postcode(text: str) -> str:
    m = _POSTCODE.search(text)
    return f"{m.group(1).upper()} {m.group(2).upper()}" if m else text.upper()


# --- the SPOC's triage (step 4) --------------------------------------------------------------------

_NO_VISIT = r"\b(?:no (?:need for (?:a |any )?)?(?:home )?visit|(?:a |the )?visit (?:is |would be |isn.?t |wouldn.?t be )?" \
            r"(?:not |n.?t )?(?:appropriate|needed|necessary|required|warranted|justified|helpful)?\s*" \
            r"(?:isn.?t|is not|not|wouldn.?t|would not|won.?t)\b|" \
            r"(?:don.?t|do not|wouldn.?t|would not) (?:think |say )?(?:a |we need a |it needs a )?visit|" \
            r"without a visit|not (?:for |suitable for |worth )?a visit|but not a visit|not a visit|" \
            r"(?:wouldn.?t|won.?t|would not|not|don.?t) send (?:anyone|someone|a vo|anybody|mark|a visiting officer)|" \
            r"visit\s*[-:]\s*(?:no|not|n)\b|not sending (?:visiting|anyone|someone|a vo|mark|carys)|not (?:a )?visit case|hold off (?:on )?(?:a |the )?visit|" \
            r"visit (?:isn.?t|is not|wouldn.?t be|would not be|not) (?:appropriate|needed|necessary|required|warranted|the right)|" \
            r"no visit)\b"
_VISIT = r"\b(?:(?:a |the )?visit (?:is |would be |seems |looks )?(?:appropriate|needed|necessary|required|warranted|justified|the right)|" \
         r"(?:please |pls |go ahead and |can you )?(?:arrange|book|send|refer\w*|request|go ahead with|proceed with|organise)\b[^.\n]{0,30}\bvisit|" \
         r"refer\w* (?:it |him |her |them |this )?(?:on )?(?:to|for) (?:dwp )?visiting|needs? (?:a |to be )?visit\w*|" \
         r"(?:happy|ok|fine|agree) (?:for|with|to) (?:a |the )?visit|visit(?:ing)? (?:referral|form)|" \
         r"for a visit|yes to (?:a |the )?visit|visit please|visit,? yes|should (?:be )?visit\w*|" \
         r"worth (?:a |sending (?:a |someone)|someone going)|send someone|concern\s*(?:\+|and|&)\s*visit|" \
         r"visit\s*[-:]\s*(?:y|yes)\b|(?:a )?visit (?:makes sense|is the way|would help|is warranted))\b"
_NO_CONCERN = r"(?:\bno (?:acs |advanced customer support |real |genuine |safeguarding )?concerns?\b|" \
              r"\bnot (?:an? )?(?:acs|advanced customer support)\b|\bno,? (?:not )?(?:acs|advanced)\b|" \
              r"\b(?:don.?t|do not|wouldn.?t|can.?t) (?:think|see|say|consider) (?:there.?s |there is |it.?s |it is |this is |this |it )?" \
              r"(?:an? )?(?:acs|advanced customer support|concern|one|an issue)|" \
              r"\bnothing (?:in (?:there|here|it) |here |there )?(?:that )?(?:worries|concerns|worrying|concerning|to (?:worry|concern))|" \
              r"\bover to (?:the )?(?:atw )?advis[eo]r|" \
              r"\bnot from what I (?:can see|have seen|read)|\bnot (?:really|convinced)\b|" \
              r"\b(?:doesn.?t|does not|wouldn.?t) (?:meet|reach|hit) (?:the )?(?:acs |threshold|criteria|bar)|" \
              r"\b(?:assign|pass|send|allocate|give|return|route|put)\w* (?:it |this |him |her |them |the case )?(?:back )?(?:to|on to|through to|with) " \
              r"(?:an? |the )?(?:atw )?advis[eo]r|\badvis[eo]r (?:can|should|to) (?:pick|deal|take|carry)|" \
              r"\bstandard (?:route|process|processing)\b|\bbusiness as usual\b|^\W*no\b(?!\s+(?:visit|need|doubt))|" \
              r"\bnot an acs\b|\bno acs\b)"
_CONCERN = r"(?:^\W*(?:yes|yep|yeah|agreed|definitely|absolutely|correct|i.?d say so|i would say so)\b|" \
           r"\bconcern\s*[,:-]?\s*(?:-\s*)?yes\b|\b(?:acs|concern)\s*[-:]\s*yes\b|\bafraid so\b|" \
           r"\b(?:there is|there.?s|there are|we have|I have|I.?ve got|I see|this is|it.?s|it is|is) (?:definitely |clearly |certainly |an? |genuine |real )*" \
           r"(?:acs|advanced customer support|genuine|real|clear)? ?concerns?\b|" \
           r"\bconcerns? (?:is |are |has been |have been )?(?:identified|confirmed|valid|justified|warranted)|" \
           r"\b(?:acs|advanced customer support) (?:concern|case|applies|yes)|\b(?:am|I.?m|we.?re|we are) (?:quite |very |really )?(?:concerned|worried)|" \
           r"\b(?:meets?|reaches|hits) (?:the )?(?:acs |threshold|criteria|bar)|\bconcerning\b|\bworrying\b|" \
           r"\bagree (?:with|that)\b|\bI.?d say so\b|\bwould say so\b)"


def acs_triage(text: str, anchor: date | None = None) -> dict:
    """The SPOC's triage: acs_concern and visit, each True, False or None (not said)."""
    said = own_words(text)
    fields = {"acs_concern": None, "visit": None}
    if not said.strip() or has(UNSURE, said):
        return fields
    no_visit, visit = has(_NO_VISIT, said), has(_VISIT, said)
    no_concern, concern = has(_NO_CONCERN, said), has(_CONCERN, said)
    if no_visit:
        fields["visit"] = False
    elif visit:
        fields["visit"] = True
    if concern and not (no_concern and not visit):
        fields["acs_concern"] = True
    elif no_concern:
        fields["acs_concern"] = False
    elif fields["visit"] is True:
        fields["acs_concern"] = True          # "please arrange the visit": the concern is implied
    if fields["acs_concern"] is True and fields["visit"] is None and (
            has(r"\bboth(?: counts| questions| of them)?\b", said)
            or (has(r"^\W*(?:yes|yep|yeah|i.?d say so)\b", said) and not has(r"\bconcern", said))):
        fields["visit"] = True                # "Yes" answers both halves of the question
    if fields["acs_concern"] is False and fields["visit"] is True:
        fields["acs_concern"] = True if concern else None
    return fields


# --- the Visiting Officer's report (steps 6-7) -------------------------------------------------------

_UNSAFE = r"\b(?:unsafe|not safe|didn.?t feel safe|did not feel safe|wasn.?t safe|too dangerous|dangerous area|" \
          r"safety (?:concerns?|risk|issue)|risk to (?:staff|me|my safety|officers?)|hostile|intimidat\w*|" \
          r"threaten\w*|aggressive (?:dogs?|group|youths|men|neighbours?)|gang\w*|no.?go area|" \
          r"couldn.?t (?:safely|get (?:near|close))|(?:left|withdrew|withdrawn|pulled out) for (?:my )?safety|" \
          r"police (?:advised|cordon|incident)|deemed (?:the )?(?:area )?unsafe)\b"
_REFUSED = r"\b(?:refus\w*|wouldn.?t (?:let (?:me|us) in|engage|co-?operate|speak|talk|open the door|discuss|answer (?:my|any) questions)|" \
           r"would not (?:let (?:me|us) in|engage|co-?operate|speak|talk)|didn.?t want to (?:engage|speak|talk|know|see)|" \
           r"did not want to|declined to|not (?:willing|prepared) to|unwilling|uncooperative|un-co-?operative|" \
           r"not co-?operat\w*|told (?:me|us) to (?:go away|leave|get lost|clear off)|slammed|shut the door|" \
          r"closed the door|asked (?:me|us) to leave|no interest in)\b"
_NOT_HOME = r"\b(?:nah|no answer|no reply|(?:buzzer|door|bell|knock\w*)[^.\n]{0,30}\bnothing|not (?:at )?home|not in\b|nobody (?:in|home|there|answered|came)|no.?one (?:in|home|there|answered|came)|" \
            r"wasn.?t (?:in|home|there)|weren.?t (?:in|home)|was out|were out|out when|didn.?t answer|did not answer|" \
            r"no response|no sign of (?:life|anyone|him|her)|empty|unoccupied|curtains (?:drawn|closed)|" \
            r"couldn.?t (?:get an answer|raise)|could not (?:get an answer|raise)|nobody about|no-show|not available)\b"
_COMPLETED = r"\b(?:complet\w*|went ahead|took place|successful\w*|went (?:well|fine|ok)|(?:was|were) (?:in|home) and|" \
             r"let (?:me|us) in|saw (?:him|her|them|the customer|the claimant|mr|mrs|ms|miss|dr)|seen (?:him|her|them|the customer)|" \
             r"spoke (?:to|with) (?:him|her|them|the customer|mr|mrs|ms|miss)|met (?:with )?(?:him|her|them|the customer|mr|mrs|ms|miss)|" \
             r"(?:visit|interview) (?:done|finished|carried out|held)|(?:done|carried out) the visit|all done|sorted|" \
             r"got (?:everything|all) (?:we|I) needed|no problems)\b"
_LETTER = r"\b(?:left|put|posted|pushed|dropped|popped|put through|delivered|hand.?delivered|handed|gave)\b[^.\n]{0,40}" \
          r"\b(?:letter|card|calling card|note|leaflet|ck?ard)\b|" \
          r"\b(?:letter|card|calling card|note)\b[^.\n]{0,25}\b(?:left|(?:through|thru) (?:the )?(?:door|letterbox)|posted|delivered)\b"
_NO_LETTER = r"\bletter left\s*[:\-]\s*no\b|\b(?:haven.?t|have not|hasn.?t) (?:left|posted) (?:a |the |any )?(?:letter|card)|" \
             r"\b(?:didn.?t|did not|couldn.?t|could not|unable to|wasn.?t able to|no) (?:leave |post |put |get |push )?(?:a |the |any )?" \
             r"(?:letter|card|note)\b|\bno (?:letter|card) (?:left|posted)"


def atw_visit_report(text: str, anchor: date | None = None) -> dict:
    said = own_words(text)
    outcome = None
    if has(_UNSAFE, said) and not has(r"\b(?:no|without) (?:safety )?(?:concerns?|issues?|problems?) (?:about|with|over) (?:safety|the area)\b", said):
        outcome = "unsafe_area"
    elif has(_REFUSED, said):
        outcome = "refused"
    elif has(_NOT_HOME, said):
        outcome = "not_at_home"
    elif has(_COMPLETED, said):
        outcome = "completed"
    letter = None
    if has(_NO_LETTER, text):            # the whole text: "couldn't get the letter through - can someone post it?"
        letter = False
    elif has(_LETTER, said):
        letter = True
    done = "\n".join(part for part in re.split(r"[,;\n]|\s-\s", said) if not has(_PLANNED, part))
    return {"outcome": outcome, "visit_date": past_day(done, anchor), "letter_left": letter}


_PLANNED = r"\b(?:I.?ll|I will|will|going to|plan\w*|head(?:ing)? out|intend)\b"


