// Deduplication looks businesses up by their normalized name (ingest/imports/identity.ts).
CREATE INDEX business_name_key IF NOT EXISTS FOR (n:Business) ON (n.nameKey);
