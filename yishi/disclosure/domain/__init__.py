"""Rules of public disclosure in pure Python: notice kinds and posting periods, PI-1 checks, limited markup, account rows."""
