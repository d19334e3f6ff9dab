// Point index for distance queries over sites (also used by the naive baseline benchmark).
CREATE POINT INDEX site_location IF NOT EXISTS FOR (n:Site) ON (n.location);
// Lookups by resource type and direction when walking the flow graph.
CREATE INDEX resource_flow_type_direction IF NOT EXISTS FOR (n:ResourceFlow) ON (n.resourceType, n.direction);
CREATE INDEX site_region IF NOT EXISTS FOR (n:Site) ON (n.region);
CREATE INDEX business_nace IF NOT EXISTS FOR (n:Business) ON (n.nace);
CREATE INDEX match_score IF NOT EXISTS FOR (n:Match) ON (n.score);
CREATE TEXT INDEX business_name IF NOT EXISTS FOR (n:Business) ON (n.name);
