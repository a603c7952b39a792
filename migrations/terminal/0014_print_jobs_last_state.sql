-- What the printer was when a job last failed (paper-out, unreachable, …), beside the technical
-- detail (last_error): the counter says the first in the words of the status bar (issue 16 #9),
-- the detail stays for whoever diagnoses it.
ALTER TABLE print_jobs ADD COLUMN last_state TEXT;
