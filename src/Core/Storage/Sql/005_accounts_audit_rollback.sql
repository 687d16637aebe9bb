-- People who may sign in. role: viewer (charts), uploader (upload, own batches), admin (users, all batches,
-- rollback). password_hash is ASP.NET Core's PasswordHasher format (PBKDF2, salted, versioned).
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role           TEXT NOT NULL CHECK (role IN ('viewer', 'uploader', 'admin')),
    password_hash  TEXT NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    last_login_at  TEXT
) STRICT;

-- Who did what, when, to which batch and file: uploads, rollbacks, user changes, failed sign-ins. Append-only.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,              -- a user name, or cli / inbox / system
    action     TEXT NOT NULL,              -- upload | rollback | user.add | user.password | user.role | user.disable | user.enable | sign_in.failed
    batch_id   INTEGER REFERENCES batches(id),
    sha256     TEXT,
    detail     TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);

-- Who sent a batch (an upload's user; NULL for the inbox and the command line), and its rollback.
ALTER TABLE batches ADD COLUMN uploaded_by TEXT;
ALTER TABLE batches ADD COLUMN rolled_back_at TEXT;
ALTER TABLE batches ADD COLUMN rolled_back_by TEXT;
CREATE INDEX batches_uploaded_by ON batches(uploaded_by);
