"""The reader: one raw email in, one Reading out. Same code for the daemon and `mailbot parse`."""
from mailbot.reading.record import Attachment, NotAnEmail, Reading
from mailbot.reading.reader import Vocabulary, read_message

__all__ = ["Attachment", "NotAnEmail", "Reading", "Vocabulary", "read_message"]
