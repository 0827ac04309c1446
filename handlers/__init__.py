"""The workflows, one module per procedure. Order matters: the first workflow whose
`opens` accepts a message opens the case; `summary` is the catch-all and comes last."""
from handlers import summary

WORKFLOWS = [summary.workflow]
