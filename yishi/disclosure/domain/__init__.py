"""Rules of public disclosure in pure Python: kinds and posting periods, PI-1, limited markup, account rows."""
