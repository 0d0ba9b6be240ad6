-- Who did it (DESIGN.md rule 11), from the signed-in token: an edit through the API is an activity of the
-- contact's timeline with the token's subject (what records are kept by) and display name (what people read).
-- Activities of SMS traffic have no actor.
ALTER TABLE contact_activities
    ADD COLUMN actor_subject varchar(200),
    ADD COLUMN actor_name    varchar(200);

-- A deletion takes the contact's timeline with it (ON DELETE CASCADE), so it is recorded here, where it
-- survives: which contact, who, when. Nothing else of the contact is kept: deleted means deleted.
CREATE TABLE contact_deletions (
    id            uuid PRIMARY KEY,
    contact_id    uuid         NOT NULL,
    actor_subject varchar(200) NOT NULL,
    actor_name    varchar(200) NOT NULL,
    deleted_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX contact_deletions_contact_idx ON contact_deletions (contact_id);
