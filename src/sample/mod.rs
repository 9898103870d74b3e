//! A deterministic generator of realistic sample data (calls, tickets, changes) for any month
//! or year, shaped like the real service (SPEC §1 2.3: usage rises from about the 20th).
