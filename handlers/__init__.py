"""The workflows, one module per procedure. Order matters: the first workflow whose
`opens` accepts a message opens the case; `summary` is the catch-all and comes last.
`mailbox_rules` is no workflow: the rules that hold in every mailbox (who is told about a
bounce, an automatic reply, a quarantined message). The client contact rules of procedures
001 and 003 hold in every mailbox too: those with deadlines or follow-ups are side workflows
(a case of their own, opened from any message wherever else it goes); a threat to staff
(`unacceptable_behaviour`) and contact suppression (`contact_suppression`) mark the case."""
from handlers import (commitment, complaints, county_court, enforcement_fee, f2f_arrange, f2f_routing,
                      freedom_of_information, liability_order, subject_access, suicide_threats, summary,
                      visiting_referral)

# the rules of every mailbox with a case of their own (procedures 001 and 003)
RULES = [suicide_threats.workflow, freedom_of_information.workflow, subject_access.workflow,
         complaints.workflow]
WORKFLOWS = [f2f_routing.workflow, f2f_arrange.workflow, enforcement_fee.workflow,
             county_court.workflow, commitment.workflow, liability_order.workflow,
             visiting_referral.workflow, summary.workflow, *RULES]
