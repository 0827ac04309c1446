"""The workflows, one module per procedure. Order matters: the first workflow whose
`opens` accepts a message opens the case; `summary` is the catch-all and comes last.
`mailbox_rules` is no workflow: the rules that hold in every mailbox (who is told about a
bounce, an automatic reply, a quarantined message, a safety flag)."""
from handlers import (commitment, county_court, enforcement_fee, f2f_arrange, f2f_routing,
                      liability_order, summary, visiting_referral)

WORKFLOWS = [f2f_routing.workflow, f2f_arrange.workflow, enforcement_fee.workflow,
             county_court.workflow, commitment.workflow, liability_order.workflow,
             visiting_referral.workflow, summary.workflow]
