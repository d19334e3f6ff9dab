/** A page of a list endpoint: the items and the cursor of the next page (null on the last). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}
