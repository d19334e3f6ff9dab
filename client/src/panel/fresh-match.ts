/**
 * A match read again after something changed it (a decision, a reveal): GET /matches/:id.
 * A declined match is no longer ranked, so the server tells only where it stands; the
 * listing already shown is kept with that state.
 */
import { get } from "../rest/http.ts";
import type { Match, MatchDisclosure } from "../rest/types.ts";

type MatchRead = Match | { id: string; counterpart: null; disclosure: MatchDisclosure; withdrawn?: boolean };

export async function freshMatch(old: Match): Promise<Match> {
  const read = await get<MatchRead>(`/matches/${encodeURIComponent(old.id)}`);
  return read.counterpart === null ? { ...old, disclosure: read.disclosure } : read;
}
