"""The `mailbot` commands beside the daemon (`mailbot run`, mailbot/daemon.py): `demo` with
its journeys and the small world of people it plays, `cases`, `case` and `quarantine`
(admin.py), `report`, and `parse`. None of the engine imports them."""
