/** A resource type of the taxonomy (`GET /taxonomy/resource-types`). */
export interface ResourceType {
  readonly id: string;
  readonly label: string;
  /** The display name in each client language (en is the label). */
  readonly names?: { readonly en: string; readonly da: string; readonly de: string };
  readonly category: string;
  readonly acceptedUnits: string[];
}
