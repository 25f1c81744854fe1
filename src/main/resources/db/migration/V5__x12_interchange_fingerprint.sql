-- An interchange is recorded as taken once its answers are written, which is before its file is moved to done/: the
-- file's name, size and modification time tell a file read again after a stop (its answers were written: it is not
-- answered again) from a partner's second sending (a duplicate).
ALTER TABLE x12_interchanges ADD COLUMN file_fingerprint VARCHAR(300);
