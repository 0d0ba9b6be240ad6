-- Why an opt-out was last changed by hand (an admin lifting it gives a reason, issue 17); null when the
-- last change was not manual (a keyword, error 21610).
ALTER TABLE opt_outs ADD COLUMN reason varchar(500);
