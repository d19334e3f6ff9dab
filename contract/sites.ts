/** A site on the wire (`/sites`): api/routes/sites/presenter.ts presents it. */
export interface SiteView {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly address: Readonly<Record<string, string>> | null;
  readonly lat: number;
  readonly lon: number;
  readonly region: string | null;
  readonly version: number;
  readonly updatedAt: string;
}
