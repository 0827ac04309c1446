"""Mailbox backends: where mail comes in (Inbox) and how it goes out (Sender)."""
