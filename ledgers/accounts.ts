/**
 * Users and their memberships in organizations (PostgreSQL ledger). Passwords are
 * stored as argon2id hashes only.
 */
import argon2 from "argon2";
import type { Knex } from "knex";

/** Platform-wide roles; org_admin and org_member are also per-organization membership roles. */
export const ROLES = ["admin", "facilitator", "org_admin", "org_member", "partner"] as const;
export type Role = (typeof ROLES)[number];

/** A user as the rest of the system sees it (never with the hash). */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly disabled: boolean;
}

/** One organization a user acts for, and in which role. */
export interface Membership {
  readonly orgId: string;
  readonly role: "org_admin" | "org_member";
}

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  password_hash: string;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  disabled: row.disabled,
});

/** Normalized form used for uniqueness and lookup. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Hash a password with argon2id (library defaults: 64 MiB, t=3). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// A hash of a random password, verified against when the email is unknown, so that
// login time does not reveal which emails exist.
const decoyHash = hashPassword(`decoy-${Math.random()}`);

/**
 * Create a user, or return the existing one with that email unchanged (idempotent seeding).
 * @returns the user and whether it was created by this call.
 */
export async function createUser(
  knex: Knex,
  input: { email: string; password: string; displayName: string; role: Role },
): Promise<{ user: User; created: boolean }> {
  const email = normalizeEmail(input.email);
  const existing = await knex<UserRow>("users").where({ email }).first();
  if (existing) return { user: toUser(existing), created: false };
  const [row] = await knex<UserRow>("users")
    .insert({ email, password_hash: await hashPassword(input.password), display_name: input.displayName, role: input.role })
    .onConflict("email")
    .ignore()
    .returning("*");
  if (row) return { user: toUser(row), created: true };
  return { user: toUser((await knex<UserRow>("users").where({ email }).first())!), created: false };
}

/** The enabled user with these credentials, or undefined. Constant-time with respect to unknown emails. */
export async function verifyCredentials(knex: Knex, email: string, password: string): Promise<User | undefined> {
  const row = await knex<UserRow>("users").where({ email: normalizeEmail(email) }).first();
  if (!row) {
    await argon2.verify(await decoyHash, password).catch(() => false);
    return undefined;
  }
  const ok = await argon2.verify(row.password_hash, password).catch(() => false);
  return ok && !row.disabled ? toUser(row) : undefined;
}

/** A user by id. */
export async function findUser(knex: Knex, id: string): Promise<User | undefined> {
  const row = await knex<UserRow>("users").where({ id }).first();
  return row ? toUser(row) : undefined;
}

/** A user by e-mail (any case), or undefined. */
export async function findUserByEmail(knex: Knex, email: string): Promise<User | undefined> {
  const row = await knex<UserRow>("users").where({ email: normalizeEmail(email) }).first();
  return row ? toUser(row) : undefined;
}

/** The display names of these users, by id (unknown ids are absent). */
export async function displayNames(knex: Knex, userIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = (await knex("users").whereIn("id", ids).select("id", "display_name")) as { id: string; display_name: string }[];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Add (or change the role of) a user's membership in an organization. */
export async function addMembership(knex: Knex, userId: string, orgId: string, role: Membership["role"]): Promise<void> {
  await knex("memberships").insert({ user_id: userId, org_id: orgId, role }).onConflict(["user_id", "org_id"]).merge(["role"]);
}

/** A member of an organization as its fellow members see it. */
export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Membership["role"];
}

/** The organization's members, administrators first, then by name. */
export async function membersOf(knex: Knex, orgId: string): Promise<Member[]> {
  const rows = await knex("memberships as m")
    .join("users as u", "u.id", "m.user_id")
    .where("m.org_id", orgId)
    .select("u.id", "u.email", "u.display_name", "m.role")
    .orderByRaw("m.role = 'org_admin' desc, u.display_name, u.id");
  return rows.map((r: { id: string; email: string; display_name: string; role: Membership["role"] }) => ({ userId: r.id, email: r.email, displayName: r.display_name, role: r.role }));
}

/**
 * Change one membership — give it a role, or end it (`role: null`) — unless that leaves the
 * organization without an org_admin. The organization's rows are locked for the check, so two
 * administrators demoting each other at once cannot both succeed.
 * @returns the role before (null if the user was not a member), or "last-admin" when refused.
 */
export async function changeMembership(knex: Knex, orgId: string, userId: string, role: Membership["role"] | null): Promise<{ before: Membership["role"] | null } | "last-admin"> {
  return knex.transaction(async (trx) => {
    const rows: { user_id: string; role: Membership["role"] }[] = await trx("memberships").where({ org_id: orgId }).forUpdate().select("user_id", "role");
    const before = rows.find((r) => r.user_id === userId)?.role ?? null;
    const adminsAfter = rows.filter((r) => r.role === "org_admin" && r.user_id !== userId).length + (role === "org_admin" ? 1 : 0);
    if (before === "org_admin" && adminsAfter === 0) return "last-admin";
    if (role === null) await trx("memberships").where({ org_id: orgId, user_id: userId }).delete();
    else await trx("memberships").insert({ user_id: userId, org_id: orgId, role }).onConflict(["user_id", "org_id"]).merge(["role"]);
    return { before };
  });
}

/** End every membership of an organization (it is being erased); returns the users who were members. */
export async function endAllMemberships(knex: Knex, orgId: string): Promise<string[]> {
  const rows = (await knex("memberships").where({ org_id: orgId }).delete().returning("user_id")) as { user_id: string }[];
  return rows.map((r) => r.user_id);
}

/** Every organization the user belongs to. */
export async function membershipsOf(knex: Knex, userId: string): Promise<Membership[]> {
  const rows = await knex("memberships").where({ user_id: userId }).select("org_id", "role").orderBy("org_id");
  return rows.map((r: { org_id: string; role: Membership["role"] }) => ({ orgId: r.org_id, role: r.role }));
}

/** Users with the facilitator role who can be given mandates (not disabled), by name. */
export async function listFacilitators(knex: Knex): Promise<User[]> {
  const rows = await knex<UserRow>("users").where({ role: "facilitator", disabled: false }).orderBy(["display_name", "id"]);
  return rows.map(toUser);
}
