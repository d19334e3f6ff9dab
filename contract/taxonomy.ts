/** A resource type of the taxonomy (`GET /taxonomy/resource-types`). */
export interface ResourceType {
  readonly id: string;
  readonly label: string;
  readonly category: string;
  readonly acceptedUnits: string[];
}
