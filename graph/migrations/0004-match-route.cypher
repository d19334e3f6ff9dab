// The facilitator queue lists matches by route.
CREATE INDEX match_route IF NOT EXISTS FOR (n:Match) ON (n.route);
