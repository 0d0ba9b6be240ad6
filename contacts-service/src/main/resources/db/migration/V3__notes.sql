-- Notes people write on a contact's timeline (kind 'note', issue 17) hold up to 2000 characters; SMS
-- activities stay within 500 (contacts-service EventValues).
ALTER TABLE contact_activities ALTER COLUMN summary TYPE varchar(2000);
