// Matches are looked up by either of their flows (withdrawal, recomputation) and by either
// organization (chains, organization views).
CREATE INDEX match_supply_flow IF NOT EXISTS FOR (n:Match) ON (n.supplyFlowId);
CREATE INDEX match_demand_flow IF NOT EXISTS FOR (n:Match) ON (n.demandFlowId);
CREATE INDEX match_supply_org IF NOT EXISTS FOR (n:Match) ON (n.supplyOrgId);
CREATE INDEX match_demand_org IF NOT EXISTS FOR (n:Match) ON (n.demandOrgId);
