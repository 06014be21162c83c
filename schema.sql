-- qawl's baseline schema: migration step 1 (see src/store/migrate.rs).
-- Offsets count Unicode code points of articles.body; *_norm columns hold text::normalize output.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    title        TEXT,
    published    TEXT,             -- ISO 8601 date (YYYY-MM-DD) or NULL
    section      TEXT,
    source       TEXT,             -- the outlet
    author       TEXT,
    url          TEXT,
    body         TEXT NOT NULL,
    path         TEXT,             -- where it was read from
    content_hash TEXT NOT NULL UNIQUE,
    ingested_at  TEXT NOT NULL
) STRICT;
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE entities (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('person', 'org', 'place', 'group')),
    name      TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    origin    TEXT NOT NULL CHECK (origin IN ('builtin', 'extracted', 'user')),
    UNIQUE (kind, name_norm)
) STRICT;
CREATE INDEX entities_name_norm ON entities(name_norm);

CREATE TABLE aliases (
    entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    alias_norm TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('builtin', 'extracted', 'user')),
    PRIMARY KEY (entity_id, alias_norm)
) STRICT;
CREATE INDEX aliases_alias_norm ON aliases(alias_norm);

CREATE TABLE mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    surface    TEXT NOT NULL
) STRICT;
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_entity ON mentions(entity_id, article_id);

CREATE TABLE statements (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker_id   INTEGER REFERENCES entities(id) ON DELETE SET NULL,  -- NULL for unnamed speakers
    surface      TEXT,             -- how the text names the speaker here
    surface_norm TEXT,
    role         TEXT,
    org_id       INTEGER REFERENCES entities(id) ON DELETE SET NULL,
    verb         TEXT NOT NULL,    -- the class: said, denied, confirmed, ...
    verb_text    TEXT NOT NULL,    -- the Arabic word(s) as written
    negated      INTEGER NOT NULL DEFAULT 0 CHECK (negated IN (0, 1)),
    content      TEXT NOT NULL,
    quote        TEXT,
    said_on      TEXT,             -- ISO 8601 date or NULL
    start        INTEGER NOT NULL, -- code-point span of the sentence in the body
    end          INTEGER NOT NULL,
    in_headline  INTEGER NOT NULL DEFAULT 0 CHECK (in_headline IN (0, 1)),
    extractor    TEXT NOT NULL     -- version of the rules that produced it
) STRICT;
CREATE INDEX statements_article ON statements(article_id);
CREATE INDEX statements_speaker ON statements(speaker_id, said_on);
CREATE INDEX statements_org ON statements(org_id);
CREATE INDEX statements_verb ON statements(verb, said_on);
CREATE INDEX statements_said_on ON statements(said_on);
CREATE INDEX statements_surface_norm ON statements(surface_norm);

CREATE TABLE statement_entities (
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    entity_id    INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    PRIMARY KEY (statement_id, entity_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX statement_entities_entity ON statement_entities(entity_id);

-- Full-text indexes over normalised, lightly stemmed text (text::index_text); rowid = the row's id.
-- Contentless: the text lives in the tables above, the index holds only the stemmed tokens.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE statements_fts USING fts5(
    content,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
