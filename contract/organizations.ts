/** Organizations, their members and the facilitators on the wire (api/routes/organizations, members, facilitator). */
import type { ExpectedFlow, FlowExpectations } from "../domain/flow-expectations.ts";
import type { Contact } from "./matches.ts";

export type OrgDisclosure = "confidential" | "public";

/** An organization (api/routes/organizations/presenter.ts); `contact` for its members only. */
export interface OrganizationView {
  readonly id: string;
  readonly name: string;
  readonly naceCode: string;
  readonly size: string | null;
  readonly disclosure: OrgDisclosure;
  readonly contact: Contact | null;
  readonly version: number;
  readonly updatedAt: string;
}

/** A member of an organization and their role (`GET /organizations/{id}/members`). */
export interface MemberView {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: "org_admin" | "org_member";
}

/** A facilitator an organization may give a mandate to (`GET /facilitators`). */
export interface FacilitatorView {
  readonly id: string;
  readonly displayName: string | null;
}

/** A flow a plant of the organization's NACE class usually has (`GET /organizations/{id}/suggested-flows`), with its type's label. */
export interface SuggestedFlowView extends ExpectedFlow {
  readonly label: string;
}

/** Flows suggested to an organization from its NACE code. */
export interface SuggestedFlowsView {
  readonly organizationId: string;
  readonly naceCode: string;
  readonly matchedOn: FlowExpectations["matchedOn"];
  readonly items: readonly SuggestedFlowView[];
}

/** A pending invitation as the organization's administrators list it (never with its token). */
export interface InvitationView {
  readonly id: string;
  readonly email: string;
  readonly role: "org_admin" | "org_member";
  readonly invitedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** What an invitation link opens, before it is accepted. */
export interface InvitationPreview {
  readonly orgId: string;
  readonly organizationName: string;
  readonly email: string;
  readonly role: "org_admin" | "org_member";
  readonly expiresAt: string;
  /** Whether the address has an account: log in and accept, or register with the invitation. */
  readonly hasAccount: boolean;
}
