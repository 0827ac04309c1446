"""mailbot: works the SSST and VSAT shared mailboxes the way a careful officer would."""

__version__ = "0.1.0"
