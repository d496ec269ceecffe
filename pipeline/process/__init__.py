"""The SOPs as a tracked process: each SOP instance's calendar, its step records and its status."""
