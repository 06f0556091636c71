/**
 * In the style of kysely-codegen 0.20's output for PostgreSQL (a .d.ts).
 */

import type { ColumnType } from "kysely";

export type ArrayType<T> = ArrayTypeImpl<T> extends (infer U)[]
  ? U[]
  : ArrayTypeImpl<T>;

export type ArrayTypeImpl<T> = T extends ColumnType<infer S, infer I, infer U>
  ? ColumnType<S[], I[], U[]>
  : T[];

export type Generated<T> = T extends ColumnType<infer S, infer I, infer U>
  ? ColumnType<S, I | undefined, U>
  : ColumnType<T, T | undefined, T>;

export type Int8 = ColumnType<string, bigint | number | string, bigint | number | string>;

export type Json = JsonValue;

export type JsonArray = JsonValue[];

export type JsonObject = {
  [x: string]: JsonValue | undefined;
};

export type JsonPrimitive = boolean | number | string | null;

export type JsonValue = JsonArray | JsonObject | JsonPrimitive;

export type Numeric = ColumnType<string, number | string, number | string>;

export type Role = "ADMIN" | "OWNER" | "USER";

export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface AuthUsers {
  email: string;
  id: Generated<string>;
}

export interface Invoice {
  amount: Numeric;
  id: Generated<Int8>;
  issuedAt: Generated<Timestamp>;
  lines: Int8[] | null;
  moments: ArrayType<Timestamp> | null;
  paidAt: Timestamp | null;
  payload: Json;
  roles: Role[];
  userId: string;
}

export interface User {
  createdAt: Generated<Timestamp>;
  email: string;
  id: string;
  role: Generated<Role>;
  settings: Generated<Json | null>;
}

export interface DB {
  "auth.users": AuthUsers;
  invoice: Invoice;
  user: User;
}
