"""The workflows, one module per procedure. Order matters: the first workflow whose
`opens` accepts a message opens the case; `summary` is the catch-all and comes last."""
from handlers import f2f_arrange, f2f_routing, summary

WORKFLOWS = [f2f_routing.workflow, f2f_arrange.workflow, summary.workflow]
